using Gateway.Cli.Client;
using Gateway.Tests.Support;

namespace Gateway.Tests.Cli.Client;

/// <summary>The receive directory: whole files only, a completion marker written last, statuses recorded once.</summary>
public sealed class InboxTests : IDisposable
{
    private const string Id = "01a2080a-fc66-7634-aa31-ba0e9ebed833";
    private readonly TempDirectory _dir = new();

    [Fact]
    public void WriteDocument_WritesEveryFileAndLeavesNoTemporaries()
    {
        var inbox = Inbox.Open(_dir.Combine("in"));
        Assert.False(inbox.HasDocument(Id));

        var path = inbox.WriteDocument(Id, "cv.pdf", "%PDF"u8, [1, 2, 3], "{}");

        Assert.Equal(_dir.Combine("in", Id, "cv.pdf"), path);
        Assert.Equal("%PDF"u8.ToArray(), File.ReadAllBytes(path));
        Assert.Equal([1, 2, 3], File.ReadAllBytes(_dir.Combine("in", Id, "header.bin")));
        Assert.Equal("{}\n", File.ReadAllText(_dir.Combine("in", Id, "header.json")));
        Assert.True(inbox.HasDocument(Id));
        Assert.Empty(Directory.GetFiles(_dir.Combine("in")));
    }

    [Fact]
    public void HasDocument_PayloadWithoutHeaderBin_IsIncomplete()
    {
        // A crash after the payload's rename but before header.bin's: the document is written again.
        var inbox = Inbox.Open(_dir.Combine("in"));
        Directory.CreateDirectory(inbox.DirectoryOf(Id));
        File.WriteAllText(Path.Combine(inbox.DirectoryOf(Id), "cv.pdf"), "half");

        Assert.False(inbox.HasDocument(Id));
    }

    [Fact]
    public void AppendStatus_SameDeliveryTwice_RecordsItOnce()
    {
        var inbox = Inbox.Open(_dir.Combine("in"));

        Assert.True(inbox.AppendStatus(Id, "d-1", """{"deliveryId":"d-1","attempt":1}"""));
        Assert.False(inbox.AppendStatus(Id, "d-1", """{"deliveryId":"d-1","attempt":2}"""));
        Assert.True(inbox.AppendStatus(Id, "d-2", """{"deliveryId":"d-2","attempt":1}"""));

        Assert.Equal(["""{"deliveryId":"d-1","attempt":1}""", """{"deliveryId":"d-2","attempt":1}"""],
            File.ReadAllLines(Path.Combine(inbox.DirectoryOf(Id), "statuses.jsonl")));
    }

    [Fact]
    public void AppendStatus_AfterATornLine_StartsOnANewLine()
    {
        var inbox = Inbox.Open(_dir.Combine("in"));
        Directory.CreateDirectory(inbox.DirectoryOf(Id));
        File.WriteAllText(Path.Combine(inbox.DirectoryOf(Id), "statuses.jsonl"), """{"deliveryId":"d-1","att""");

        Assert.True(inbox.AppendStatus(Id, "d-1", """{"deliveryId":"d-1"}"""));

        Assert.Equal("""{"deliveryId":"d-1"}""", File.ReadAllLines(Path.Combine(inbox.DirectoryOf(Id), "statuses.jsonl"))[^1]);
    }

    [Theory]
    [InlineData("cong-van.pdf", "cong-van.pdf")]
    [InlineData("Công văn số 12.docx", "Công văn số 12.docx")]
    [InlineData("", "payload")]
    [InlineData("../escape.pdf", "payload")]
    [InlineData("dir/file.pdf", "payload")]
    [InlineData("..", "payload")]
    [InlineData("header.bin", "payload")]
    [InlineData("header.json", "payload")]
    [InlineData("statuses.jsonl", "payload")]
    [InlineData(".gateway-x.tmp", "payload")]
    public void PayloadName_UnsafeOrClashingNames_FallBackToPayload(string declared, string expected) =>
        Assert.Equal(expected, Inbox.PayloadName(declared));

    [Fact]
    public void Open_AFile_IsRefused()
    {
        File.WriteAllText(_dir.Combine("file"), "x");

        var ex = Assert.Throws<ClientException>(() => Inbox.Open(_dir.Combine("file")));

        Assert.Equal(2, ex.ExitCode);
    }

    public void Dispose() => _dir.Dispose();
}
