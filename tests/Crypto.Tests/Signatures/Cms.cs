using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Tests.Signatures;

/// <summary>Headers, signatures made directly with .NET's SignedCms (for shapes DetachedSigner never makes), and byte surgery.</summary>
internal static class Cms
{
    /// <summary>A 300-byte stand-in for a serialized header, different for each seed.</summary>
    public static byte[] Header(int seed = 1)
    {
        var header = new byte[300];
        new Random(seed).NextBytes(header);
        return header;
    }

    /// <summary>
    /// A CMS made by SignedCms, with a signing-time attribute (so content-type and message-digest are
    /// there too) unless <paramref name="signedAttributes"/> is false.
    /// </summary>
    public static byte[] SignWithSignedCms(
        X509Certificate2 signer,
        byte[] content,
        Action<CmsSigner>? configure = null,
        bool detached = true,
        bool signedAttributes = true)
    {
        var cms = new SignedCms(new ContentInfo(content), detached);
        cms.ComputeSignature(NewSigner(signer, configure, signedAttributes), silent: true);
        return cms.Encode();
    }

    /// <summary>One CMS with two SignerInfos over the same content.</summary>
    public static byte[] SignTwice(X509Certificate2 first, X509Certificate2 second, byte[] content)
    {
        var cms = new SignedCms(new ContentInfo(content), detached: true);
        cms.ComputeSignature(NewSigner(first, null, true), silent: true);
        cms.ComputeSignature(NewSigner(second, null, true), silent: true);
        return cms.Encode();
    }

    public static byte[] Flip(byte[] bytes, int index, byte mask = 0x01)
    {
        var copy = (byte[])bytes.Clone();
        copy[index] ^= mask;
        return copy;
    }

    /// <summary>Where <paramref name="needle"/> occurs in <paramref name="haystack"/>; fails the test when it does not, or occurs twice.</summary>
    public static int IndexOf(byte[] haystack, ReadOnlySpan<byte> needle)
    {
        var at = haystack.AsSpan().IndexOf(needle);
        Assert.True(at >= 0, "the bytes to alter are not in the CMS");
        Assert.True(haystack.AsSpan(at + 1).IndexOf(needle) < 0, "the bytes to alter occur twice in the CMS");
        return at;
    }

    public static byte[] Sha256(byte[] content) => SHA256.HashData(content);

    private static CmsSigner NewSigner(X509Certificate2 signer, Action<CmsSigner>? configure, bool signedAttributes)
    {
        var cmsSigner = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, signer)
        {
            IncludeOption = X509IncludeOption.EndCertOnly,
        };
        if (signedAttributes)
            cmsSigner.SignedAttributes.Add(new Pkcs9SigningTime(DateTime.UtcNow));
        configure?.Invoke(cmsSigner);
        return cmsSigner;
    }
}
