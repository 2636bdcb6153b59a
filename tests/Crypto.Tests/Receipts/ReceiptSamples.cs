using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;
using Gateway.Protocol.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Gateway.Crypto.Tests.Receipts;

/// <summary>Receipts and gateway certificates for the receipt tests.</summary>
internal static class ReceiptSamples
{
    public static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>A receipt as the gateway makes one: a version-7 id, a millisecond time, a digest, redirections.</summary>
    public static Receipt Receipt(ulong sequence, int redirections = 0)
    {
        var acceptedAt = DateTimeOffset.FromUnixTimeMilliseconds(Now.ToUnixTimeMilliseconds() + (long)sequence);
        var receipt = new Receipt
        {
            DocumentId = Guid.CreateVersion7(acceptedAt).ToString("D"),
            AcceptedAt = Timestamp.FromDateTimeOffset(acceptedAt),
            HeaderDigest = ByteString.CopyFrom(SHA256.HashData(BitConverter.GetBytes(sequence))),
            Sequence = sequence,
        };
        for (var i = 0; i < redirections; i++)
        {
            receipt.Redirections.Add(new Redirection
            {
                FromCode = $"000.00.0{i}.H41",
                ToCode = $"000.00.1{i}.H41",
                EffectiveAt = Timestamp.FromDateTimeOffset(acceptedAt.AddDays(-30 - i)),
            });
        }

        return receipt;
    }

    public static List<Receipt> Batch(int count, ulong firstSequence = 1) =>
        [.. Enumerable.Range(0, count).Select(i => Receipt(firstSequence + (ulong)i, redirections: i % 3))];

    public static CertificateProfile Profile(string name) => new()
    {
        CommonName = name,
        Organization = "Cuc Buu dien Trung uong",
        NotBefore = Now.AddMinutes(-5),
        NotAfter = Now.AddDays(1),
    };
}

/// <summary>A gateway certificate with its key, issued by a test root, as receipts are signed with.</summary>
internal sealed class GatewayIdentity : IDisposable
{
    private GatewayIdentity(X509Certificate2 root, X509Certificate2 signing, X509Certificate2 published)
    {
        Root = root;
        Signing = signing;
        Published = published;
    }

    /// <summary>The issuing root, with its key.</summary>
    public X509Certificate2 Root { get; }

    /// <summary>The gateway certificate with its private key.</summary>
    public X509Certificate2 Signing { get; }

    /// <summary>The same certificate without the key, as a verifier holds it.</summary>
    public X509Certificate2 Published { get; }

    public static GatewayIdentity Create(KeyKind kind = KeyKind.EcdsaP256, string name = "gateway.axis.gov.vn")
    {
        using var rootKey = CertificateFactory.CreateKey(KeyKind.EcdsaP256);
        var root = CertificateFactory.CreateRoot(ReceiptSamples.Profile("Receipt Test Root"), rootKey);
        using var key = CertificateFactory.CreateKey(kind);
        using var issued = CertificateFactory.Issue(root, ReceiptSamples.Profile(name), key);
        var signing = key switch
        {
            ECDsa ec => issued.CopyWithPrivateKey(ec),
            RSA rsa => issued.CopyWithPrivateKey(rsa),
            _ => throw new InvalidOperationException("unexpected key"),
        };
        return new GatewayIdentity(root, signing, X509CertificateLoader.LoadCertificate(issued.RawData));
    }

    public void Dispose()
    {
        Root.Dispose();
        Signing.Dispose();
        Published.Dispose();
    }
}
