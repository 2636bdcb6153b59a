using Gateway.Cli.Client;
using Gateway.Protocol.V1;
using Grpc.Core;

namespace Gateway.Tests.Cli.Client;

/// <summary>The header `gateway send` builds, and the status names and exit codes of its failures.</summary>
public sealed class OutgoingDocumentTests
{
    private static readonly byte[] Payload = "%PDF-1.7"u8.ToArray();

    [Fact]
    public void Request_SameInputsAndReference_AreByteIdentical()
    {
        // The gateway recognises a retry only by identical header bytes, so nothing in them may vary.
        var document = new OutgoingDocument("000.00.00.G22", ["000.00.00.H41"], 0, "Về việc", "cv.pdf", Payload);

        Assert.Equal(document.Request("r-1").Header.Header, document.Request("r-1").Header.Header);
        Assert.NotEqual(document.Request("r-1").Header.Header, document.Request("r-2").Header.Header);
        Assert.True(document.Request("r-1").Header.Signature.IsEmpty);
    }

    [Theory]
    [InlineData(0, Priority.Normal)]
    [InlineData(1, Priority.Urgent)]
    [InlineData(2, Priority.VeryUrgent)]
    [InlineData(3, Priority.Flash)]
    [InlineData(4, Priority.FlashAppointed)]
    public void Header_EdxmlPriority_MapsToTheEnumPlusOne(int edxml, Priority expected) =>
        Assert.Equal(expected, new OutgoingDocument("000.00.00.G22", ["000.00.00.H41"], edxml, null, "cv.pdf", Payload).Header("r").Priority);

    [Theory]
    [InlineData("cv.pdf", "application/pdf")]
    [InlineData("HOSO.ZIP", "application/zip")]
    [InlineData("vb.xml", "application/xml")]
    [InlineData("to-trinh.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    [InlineData("data.bin", "application/octet-stream")]
    [InlineData("no-extension", "application/octet-stream")]
    public void ContentType_IsGuessedFromTheExtension(string file, string expected) => Assert.Equal(expected, ContentTypes.Guess(file));

    [Theory]
    [InlineData(StatusCode.NotFound, "NOT_FOUND", 5)]
    [InlineData(StatusCode.Unauthenticated, "UNAUTHENTICATED", 5)]
    [InlineData(StatusCode.ResourceExhausted, "RESOURCE_EXHAUSTED", 5)]
    [InlineData(StatusCode.Unavailable, "UNAVAILABLE", 4)]
    [InlineData(StatusCode.DeadlineExceeded, "DEADLINE_EXCEEDED", 4)]
    public void RpcFailures_NameAndExitCode(StatusCode code, string name, int exit) =>
        Assert.Equal((name, exit), (RpcFailures.NameOf(code), RpcFailures.ExitCodeOf(code)));

    [Theory]
    [InlineData(DocumentStatus.Arrived, "01 ARRIVED")]
    [InlineData(DocumentStatus.TakeBackRequested, "13 TAKE_BACK_REQUESTED")]
    public void StatusText_IsTheEdxmlCodeAndName(DocumentStatus status, string expected) =>
        Assert.Equal(expected, ReceiveOutput.StatusText(status));
}
