using System.Security.Cryptography;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Tests.Support;

/// <summary>Builds documents as a sender's system would: a header serialized once, over a payload.</summary>
public static class Documents
{
    public static DocumentHeader Header(string sender, string[] recipients, string reference, byte[] payload) => new()
    {
        Sender = sender,
        Recipients = { recipients },
        ClientReference = reference,
        Priority = Priority.Normal,
        Payload = new PayloadDescriptor
        {
            Sha256 = ByteString.CopyFrom(SHA256.HashData(payload)),
            Size = payload.Length,
            ContentType = "application/pdf",
            FileName = "cong-van.pdf",
        },
        Metadata = new DocumentMetadata { CodeNumber = "7816", CodeNotation = "VPCP-TTĐT", Subject = "Về việc thử nghiệm" },
    };

    public static SignedHeader SignedHeaderOf(DocumentHeader header) => new() { Header = header.ToByteString() };

    public static SendRequest Send(string sender, string[] recipients, string reference, byte[] payload) => new()
    {
        Header = SignedHeaderOf(Header(sender, recipients, reference, payload)),
        Payload = ByteString.CopyFrom(payload),
    };
}
