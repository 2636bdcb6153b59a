using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;

namespace Gateway.Crypto.Tests.Signatures;

/// <summary>Signs as a sender using BouncyCastle would: content-type, signing-time and message-digest attributes, certificate included.</summary>
internal static class BouncyCastleSigner
{
    public static byte[] Sign(X509Certificate2 certificate, AsymmetricAlgorithm key, byte[] content)
    {
        var bcCertificate = new X509CertificateParser().ReadCertificate(certificate.RawData);
        var bcKey = PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
        var generator = new CmsSignedDataGenerator();
        generator.AddSigner(bcKey, bcCertificate, key is ECDsa { KeySize: 384 } ? CmsSignedGenerator.DigestSha384 : CmsSignedGenerator.DigestSha256);
        generator.AddCertificates(CollectionUtilities.CreateStore([bcCertificate]));
        return generator.Generate(new CmsProcessableByteArray(content), encapsulate: false).GetEncoded(Asn1Encodable.Der);
    }
}
