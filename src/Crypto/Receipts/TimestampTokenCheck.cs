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
            return Fail("it is not an RFC 3161 timestamp token (a CMS SignedData holding a TSTInfo)");
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

    private static Outcome Fail(string problem) => new(problem, null, null);
}
