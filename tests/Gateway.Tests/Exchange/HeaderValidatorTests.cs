using Gateway.Exchange.Send;
using Gateway.Protocol.V1;
using Gateway.Tests.Support;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Gateway.Tests.Exchange;

public sealed class HeaderValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Payload = "%PDF-1.7 test"u8.ToArray();

    private static DocumentHeader Valid() => Documents.Header("000.00.00.G22", ["000.00.00.H41"], "ref-1", Payload);

    private static RpcException Refused(DocumentHeader header) =>
        Assert.Throws<RpcException>(() => HeaderValidator.Validate(Documents.SignedHeaderOf(header), Now));

    private static void AssertRefused(DocumentHeader header, string field, string problem)
    {
        var error = Refused(header);
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith(field + ": ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(problem, error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ValidHeader_KeepsTheExactBytesAndTheirDigest()
    {
        var signed = Documents.SignedHeaderOf(Valid());

        var validated = HeaderValidator.Validate(signed, Now);

        Assert.Equal(signed.Header, validated.HeaderBytes);
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(signed.Header.Span), validated.HeaderDigest);
        Assert.Equal(0, validated.EdxmlPriority);
        Assert.Equal(0, validated.EdxmlBusinessType);
    }

    [Fact]
    public void Validate_EmptyHeaderBytes_FailsNamingTheField()
    {
        var error = Assert.Throws<RpcException>(() => HeaderValidator.Validate(new SignedHeader(), Now));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("header.header: is empty", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UndecodableBytes_FailsWithInvalidArgument()
    {
        var garbage = new SignedHeader { Header = ByteString.CopyFrom(0xFF, 0xFF, 0xFF, 0xFF) };
        var error = Assert.Throws<RpcException>(() => HeaderValidator.Validate(garbage, Now));
        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.StartsWith("header.header: is not a serialized axis.v1.DocumentHeader", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_MalformedRecipient_NamesIndexAndValue()
    {
        var header = Valid();
        header.Recipients.Add("000.00.0.G22");
        AssertRefused(header, "header.recipients[1]", "'000.00.0.G22' is not an organisation code");
    }

    [Fact]
    public void Validate_MalformedSender_NamesTheField() =>
        AssertRefused(Valid().With(h => h.Sender = "000.00.00.g22"), "header.sender", "'000.00.00.g22'");

    [Fact]
    public void Validate_NoRecipients_Fails() =>
        AssertRefused(Valid().With(h => h.Recipients.Clear()), "header.recipients", "at least one");

    [Fact]
    public void Validate_TooManyRecipients_Fails()
    {
        var header = Valid();
        header.Recipients.Clear();
        header.Recipients.Add(Enumerable.Range(0, 10_001).Select(i => $"{i % 1000:000}.{i / 1000:00}.01.H44"));
        AssertRefused(header, "header.recipients", "at most 10000");
    }

    [Fact]
    public void Validate_DuplicateRecipients_AreRemovedKeepingOrder()
    {
        var header = Valid();
        header.Recipients.Add("000.00.00.G14");
        header.Recipients.Add("000.00.00.H41");
        Assert.Equal(["000.00.00.H41", "000.00.00.G14"], HeaderValidator.Validate(Documents.SignedHeaderOf(header), Now).Recipients);
    }

    [Fact]
    public void Validate_EmptyClientReference_Fails() =>
        AssertRefused(Valid().With(h => h.ClientReference = " "), "header.client_reference", "is empty");

    [Fact]
    public void Validate_ShortDigest_Fails() =>
        AssertRefused(Valid().With(h => h.Payload.Sha256 = ByteString.CopyFrom(1, 2, 3)), "header.payload.sha256", "is 3 bytes");

    [Fact]
    public void Validate_FileNameWithDirectory_Fails() =>
        AssertRefused(Valid().With(h => h.Payload.FileName = "../etc/passwd"), "header.payload.file_name", "plain file name");

    [Fact]
    public void Validate_UndefinedPriority_Fails() =>
        AssertRefused(Valid().With(h => h.Priority = (Priority)42), "header.priority", "42 is not a defined Priority");

    [Theory]
    [InlineData(Priority.Unspecified, 0)]
    [InlineData(Priority.Normal, 0)]
    [InlineData(Priority.Urgent, 1)]
    [InlineData(Priority.VeryUrgent, 2)]
    [InlineData(Priority.Flash, 3)]
    [InlineData(Priority.FlashAppointed, 4)]
    public void Validate_Priority_MapsToEdxml(Priority priority, int edxml) =>
        Assert.Equal(edxml, HeaderValidator.Validate(Documents.SignedHeaderOf(Valid().With(h => h.Priority = priority)), Now).EdxmlPriority);

    [Fact]
    public void Validate_RevokeWithoutReference_Fails() =>
        AssertRefused(Valid().With(h => h.Business = new BusinessInfo { Type = BusinessType.Revoke }), "header.business.referenced_document_id", "is required");

    [Fact]
    public void Validate_NewWithReference_Fails() =>
        AssertRefused(Valid().With(h => h.Business = new BusinessInfo { Type = BusinessType.New, ReferencedDocumentId = "x" }), "header.business.referenced_document_id", "must be empty");

    [Fact]
    public void Validate_ReplaceWithReference_MapsToEdxmlThree()
    {
        var validated = HeaderValidator.Validate(Documents.SignedHeaderOf(Valid().With(h => h.Business = new BusinessInfo { Type = BusinessType.Replace, ReferencedDocumentId = "d1" })), Now);
        Assert.Equal((3, "d1"), (validated.EdxmlBusinessType, validated.ReferencedDocumentId));
    }

    [Fact]
    public void Validate_ExpiryInThePast_Fails() =>
        AssertRefused(Valid().With(h => h.ExpiresAt = Timestamp.FromDateTimeOffset(Now.AddSeconds(-1))), "header.expires_at", "is not in the future");
}

internal static class HeaderEdits
{
    public static DocumentHeader With(this DocumentHeader header, Action<DocumentHeader> edit)
    {
        edit(header);
        return header;
    }
}
