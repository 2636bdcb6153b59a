using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Signatures;
using Gateway.Crypto.Tests.Support;
using Gateway.Crypto.Trust;

namespace Gateway.Crypto.Tests.Trust;

public sealed class CertificateTrustTests : IDisposable
{
    private readonly FileServer _server = new();
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private readonly TestCa _ca;
    private readonly HttpClient _http = new();

    public CertificateTrustTests() => _ca = new TestCa(_server, _time.GetUtcNow());

    private CertificateTrust Trust(RevocationPolicy policy = RevocationPolicy.HardFail, params X509Certificate2[] anchors) =>
        new(TrustAnchors.From(anchors.Length == 0 ? [_ca.Root] : anchors), new TrustOptions { Revocation = policy, FetchTimeout = TimeSpan.FromSeconds(2) }, _http, _time);

    [Fact]
    public async Task Check_LeafWithIntermediateFromTheSignature_IsTrustedWithItsOrgCodes()
    {
        using var leaf = _ca.IssueLeaf();

        var signer = await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default);

        Assert.Equal(["000.00.00.G22"], signer.OrgCodes);
        Assert.Empty(signer.Warnings);
        Assert.Equal(1, _server.Requests("issuing.crl"));
        Assert.Equal(1, _server.Requests("root.crl"));
    }

    [Fact]
    public async Task Check_IntermediateFromTheAnchorDirectory_IsTrusted()
    {
        using var leaf = _ca.IssueLeaf();
        using var directory = new TempDirectory();
        File.WriteAllText(Path.Combine(directory.Path, "root.pem"), _ca.Root.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory.Path, "issuing.crt"), _ca.Issuing.ExportCertificatePem());
        var trust = new CertificateTrust(TrustAnchors.Load(directory.Path), new TrustOptions(), _http, _time);

        var signer = await trust.CheckAsync(leaf, [], _time.GetUtcNow(), default);

        Assert.Equal(leaf.Subject, signer.Subject);
    }

    [Fact]
    public async Task Check_NoAnchors_IsUntrusted()
    {
        using var leaf = _ca.IssueLeaf();
        var trust = new CertificateTrust(TrustAnchors.None, new TrustOptions(), _http, _time);

        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await trust.CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default));

        Assert.Equal(SignatureFailure.UntrustedChain, refusal.Failure);
        Assert.Contains("no trust anchors are configured", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AnotherRoot_IsUntrustedNamingTheIssuer()
    {
        using var other = new TestCa(_server, _time.GetUtcNow());
        using var leaf = _ca.IssueLeaf();

        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await Trust(RevocationPolicy.HardFail, other.Root).CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default));

        Assert.Equal(SignatureFailure.UntrustedChain, refusal.Failure);
        Assert.Contains("does not chain to a trusted anchor", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_AfterTheLeafExpired_IsExpired()
    {
        using var leaf = _ca.IssueLeaf(p => p with { NotAfter = _time.GetUtcNow().AddDays(1) });

        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow().AddDays(2), default));

        Assert.Equal(SignatureFailure.Expired, refusal.Failure);
        Assert.Contains("expired at", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_BeforeTheLeafIsValid_IsNotYetValid()
    {
        using var leaf = _ca.IssueLeaf(p => p with { NotBefore = _time.GetUtcNow().AddDays(1) });

        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default));

        Assert.Equal(SignatureFailure.NotYetValid, refusal.Failure);
    }

    [Fact]
    public async Task Check_KeyUsageWithoutSigning_IsRefused()
    {
        using var leaf = _ca.IssueLeaf(p => p with { KeyUsage = X509KeyUsageFlags.KeyEncipherment });

        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default));

        Assert.Equal(SignatureFailure.KeyUsage, refusal.Failure);
        Assert.Contains("digitalSignature or nonRepudiation", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_LeafOnTheCrl_IsRevoked()
    {
        using var leaf = _ca.IssueLeaf();
        _ca.RevokeLeaf(leaf);
        _ca.PublishCrls(_time.GetUtcNow(), _time.GetUtcNow().AddDays(1));

        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default));

        Assert.Equal(SignatureFailure.Revoked, refusal.Failure);
        Assert.Contains("issuing.crl", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_IntermediateOnTheRootCrl_IsRevoked()
    {
        using var leaf = _ca.IssueLeaf();
        _ca.RevokeIssuing();
        _ca.PublishCrls(_time.GetUtcNow(), _time.GetUtcNow().AddDays(1));

        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default));

        Assert.Equal(SignatureFailure.Revoked, refusal.Failure);
        Assert.Contains("Test Issuing CA", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CrlUnreachableUnderHardFail_IsRevocationUnknown()
    {
        using var leaf = _ca.IssueLeaf(p => p with { CrlUrl = _server.Url("missing.crl") });

        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default));

        Assert.Equal(SignatureFailure.RevocationUnknown, refusal.Failure);
        Assert.Contains("HTTP 404", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CrlUnreachableUnderSoftFail_IsAcceptedWithAWarning()
    {
        using var leaf = _ca.IssueLeaf(p => p with { CrlUrl = _server.Url("missing.crl") });

        var signer = await Trust(RevocationPolicy.SoftFail).CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default);

        var warning = Assert.Single(signer.Warnings);
        Assert.Contains("soft-fail", warning, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_LeafNamingNoRevocationSourceUnderHardFail_IsRevocationUnknown()
    {
        using var leaf = _ca.IssueLeaf(p => p with { CrlUrl = null });

        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default));

        Assert.Equal(SignatureFailure.RevocationUnknown, refusal.Failure);
        Assert.Contains("names no HTTP CRL distribution point and no OCSP responder", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CrlSignedByAnotherAuthority_IsNotBelieved()
    {
        using var leaf = _ca.IssueLeaf();
        using var otherServer = new FileServer();
        using var other = new TestCa(otherServer, _time.GetUtcNow());
        // Same names, another key: only the signature tells them apart.
        _server.Put("issuing.crl", Gateway.Crypto.Pki.CertificateFactory.CreateCrl(other.Issuing, [], 1, _time.GetUtcNow(), _time.GetUtcNow().AddDays(1)));

        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default));

        Assert.Equal(SignatureFailure.RevocationUnknown, refusal.Failure);
        Assert.Contains("the signature on the CRL", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Again_IsAnsweredFromTheCacheUntilTheCrlsNextUpdate()
    {
        using var leaf = _ca.IssueLeaf();
        var trust = Trust();
        await trust.CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default);

        await trust.CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default);
        Assert.Equal((1L, 1L), (trust.CacheHits, trust.CacheMisses));
        Assert.Equal(1, _server.Requests("issuing.crl"));

        // The CRL's nextUpdate passes: a revocation published meanwhile is now seen.
        _ca.RevokeLeaf(leaf);
        _time.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        _ca.PublishCrls(_time.GetUtcNow(), _time.GetUtcNow().AddDays(1));
        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await trust.CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default));
        Assert.Equal(SignatureFailure.Revoked, refusal.Failure);
        Assert.Equal(2, _server.Requests("issuing.crl"));
    }

    [Fact]
    public async Task Check_ManyLeavesOfOneCa_FetchTheCrlOnce()
    {
        var trust = Trust();
        for (var i = 0; i < 5; i++)
        {
            using var leaf = _ca.IssueLeaf();
            await trust.CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default);
        }

        Assert.Equal(1, _server.Requests("issuing.crl"));
        Assert.Equal(5L, trust.CacheMisses);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _server.Dispose();
        _http.Dispose();
    }
}
