using System.Globalization;
using System.Security.Cryptography;
using Gateway.Crypto.Signatures;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Load.Scenarios.FanOut;

/// <summary>
/// The fan-out documents, signed before anything is timed as `gateway send --cert --key` signs: one
/// header naming every recipient, serialized once, a detached CMS over those bytes, a random 4 KiB
/// payload (a new blob each), a new client reference each.
/// </summary>
internal static class FanOutDocuments
{
    public const int PayloadBytes = 4096;

    public static SendRequest[] Sign(string sender, string certificate, string key, IReadOnlyList<string> recipients, int count)
    {
        using var signer = DetachedSigner.LoadPem(certificate, key);
        var requests = new SendRequest[count];
        for (var i = 0; i < count; i++)
        {
            var payload = new byte[PayloadBytes];
            RandomNumberGenerator.Fill(payload);
            var header = new DocumentHeader
            {
                Sender = sender,
                Recipients = { recipients },
                ClientReference = string.Create(CultureInfo.InvariantCulture, $"fanout-{i}"),
                Priority = Priority.Normal,
                Payload = new PayloadDescriptor
                {
                    Sha256 = ByteString.CopyFrom(SHA256.HashData(payload)),
                    Size = payload.Length,
                    ContentType = "application/pdf",
                    FileName = "cong-van.pdf",
                },
                Business = new BusinessInfo { Type = BusinessType.New },
                Metadata = new DocumentMetadata { Subject = "Kiểm thử gửi đồng loạt" },
            }.ToByteString();
            requests[i] = new SendRequest
            {
                Header = new SignedHeader { Header = header, Signature = ByteString.CopyFrom(signer.Sign(header.Span)) },
                Payload = UnsafeByteOperations.UnsafeWrap(payload),
            };
        }

        return requests;
    }
}
