using Gateway.Crypto.Signatures;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Load.Scenarios.Upload;

/// <summary>
/// The signed header of the large document, as `gateway send --cert --key` makes it for a file it
/// uploads (src/Gateway/Cli/Client/OutgoingDocument.cs): a DocumentHeader serialized once with the
/// payload's SHA-256 and size, and a detached CMS signature over exactly those bytes. The payload
/// itself is not part of the signature; the gateway checks it against the header's digest.
/// </summary>
internal static class LargeDocument
{
    public static SignedHeader Sign(string certificate, string key, string sender, string recipient, string reference, byte[] sha256, long size)
    {
        var header = new DocumentHeader
        {
            Sender = sender,
            Recipients = { recipient },
            ClientReference = reference,
            Priority = Priority.Normal,
            Payload = new PayloadDescriptor
            {
                Sha256 = ByteString.CopyFrom(sha256),
                Size = size,
                ContentType = "application/zip",
                FileName = "ho-so-dinh-kem.zip",
            },
            Business = new BusinessInfo { Type = BusinessType.New },
            Metadata = new DocumentMetadata { Subject = "Kiểm thử tải: tài liệu lớn" },
        }.ToByteString();
        using var signer = DetachedSigner.LoadPem(certificate, key);
        return new SignedHeader { Header = header, Signature = ByteString.CopyFrom(signer.Sign(header.Span)) };
    }
}
