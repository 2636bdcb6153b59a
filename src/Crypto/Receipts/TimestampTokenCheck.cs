using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Receipts;

/// <summary>
/// Checks an RFC 3161 timestamp token over a root signature: its imprint is SHA-256 of exactly those
/// bytes, its CMS signature verifies with the authority's certificate (which .NET requires to carry the
/// critical timeStamping extended key usage and to be bound by the signing-certificate attribute), and,
/// when authorities are given, that certificate chains to one of them at the stamped time.
/// </summary>
internal static class TimestampTokenCheck
{
    public const string TimeStampingPurposeOid = "1.3.6.1.5.5.7.3.8";

    public sealed record Outcome(string? Problem, Rfc3161TimestampToken? Token, X509Certificate2? Authority);

    public static Outcome Check(ReadOnlyMemory<byte> token, ReadOnlySpan<byte> rootSignature, X509Certificate2Collection? authorities)
    {
        if (!Rfc3161TimestampToken.TryDecode(token, out var decoded, out var consumed) || decoded is null)
            return Fail(WhyNotAToken(token));
        if (consumed != token.Length)
            return Fail($"it has {token.Length - consumed} bytes after the token");

        var info = decoded.TokenInfo;
        if (info.HashAlgorithmId.Value != GatewayCms.Sha256Oid)
            return Fail($"its message imprint uses {info.HashAlgorithmId.FriendlyName ?? info.HashAlgorithmId.Value}, not SHA-256");
        Span<byte> expected = stackalloc byte[32];
        SHA256.HashData(rootSignature, expected);
        if (!info.GetMessageHash().Span.SequenceEqual(expected))
        {
            return Fail($"it stamps {Convert.ToHexStringLower(info.GetMessageHash().Span)}, not SHA-256 of root_signature " +
                $"({Convert.ToHexStringLower(expected)}): it belongs to another signature");
        }

        if (!decoded.VerifySignatureForData(rootSignature, out var authority, authorities) || authority is null)
        {
            return Fail("its signature does not verify, or its signer is not a time-stamping certificate " +
                "(critical extended key usage timeStamping, bound by the signing-certificate attribute), or that certificate is not in the token");
        }

        if (authorities is { Count: > 0 } && ChainProblem(decoded, authority, authorities) is { } untrusted)
            return Fail(untrusted);
        return new Outcome(null, decoded, authority);
    }

    private static string? ChainProblem(Rfc3161TimestampToken token, X509Certificate2 authority, X509Certificate2Collection trusted)
    {
        foreach (var pinned in trusted)
        {
            if (pinned.RawDataMemory.Span.SequenceEqual(authority.RawDataMemory.Span))
                return null;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trusted);
        chain.ChainPolicy.ExtraStore.AddRange(token.AsSignedCms().Certificates);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = token.TokenInfo.Timestamp.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(TimeStampingPurposeOid));
        if (chain.Build(authority))
            return null;
        var reasons = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        return $"its authority '{authority.Subject}' does not chain to a trusted timestamp authority at {token.TokenInfo.Timestamp:yyyy-MM-dd'T'HH:mm:ss'Z'}: {reasons}";
    }

    /// <summary>
    /// TryDecode also checks the signature with the certificate in the token, its validity at the stamped
    /// time and its key usage, and answers only yes or no; this says which part failed.
    /// </summary>
    private static string WhyNotAToken(ReadOnlyMemory<byte> token)
    {
        var cms = new SignedCms();
        try
        {
            cms.Decode(token.Span);
        }
        catch (CryptographicException ex)
        {
            return $"it is not a CMS SignedData: {ex.Message.TrimEnd('.')}";
        }

        if (cms.ContentInfo.ContentType.Value != TstInfoOid)
            return $"it signs content of type {cms.ContentInfo.ContentType.Value}, not an RFC 3161 TSTInfo";
        if (cms.SignerInfos.Count != 1)
            return $"it has {cms.SignerInfos.Count} signers; a timestamp token has exactly one";
        if (!Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out var info, out _))
            return "its TSTInfo cannot be read";

        var signer = cms.SignerInfos[0];
        if (signer.Certificate is not { } authority)
            return "it lacks a signing-certificate attribute that matches its signer";
        var stampedAt = info.Timestamp.UtcDateTime;
        if (stampedAt < authority.NotBefore.ToUniversalTime() || stampedAt > authority.NotAfter.ToUniversalTime())
            return $"its authority's certificate '{authority.Subject}' was not valid at the stamped time {stampedAt:yyyy-MM-dd'T'HH:mm:ss'Z'}";
        var usages = authority.Extensions.OfType<X509EnhancedKeyUsageExtension>().ToList();
        if (usages.Count != 1 || !usages[0].Critical || !usages[0].EnhancedKeyUsages.Cast<Oid>().Any(o => o.Value == TimeStampingPurposeOid))
            return $"its authority's certificate '{authority.Subject}' is not a time-stamping certificate (RFC 3161 §2.3: one critical extended key usage, timeStamping)";
        try
        {
            signer.CheckSignature(new X509Certificate2Collection(authority), verifySignatureOnly: true);
        }
        catch (CryptographicException ex)
        {
            return $"its signature does not verify with '{authority.Subject}': {ex.Message.TrimEnd('.')}";
        }

        return $"its signing-certificate attribute does not identify '{authority.Subject}', the certificate that signed it";
    }

    private const string TstInfoOid = "1.2.840.113549.1.9.16.1.4";

    private static Outcome Fail(string problem) => new(problem, null, null);
}
