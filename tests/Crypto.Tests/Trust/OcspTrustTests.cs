using Gateway.Crypto.Signatures;
using Gateway.Crypto.Tests.Support;
using Gateway.Crypto.Trust;

namespace Gateway.Crypto.Tests.Trust;

/// <summary>Revocation by OCSP, answered by OpenSSL's responder.</summary>
public sealed class OcspTrustTests : IDisposable
{
    private readonly FileServer _server = new();
    private readonly ManualTime _time = new(DateTimeOffset.UtcNow);
    private readonly TestCa _ca;
    private readonly HttpClient _http = new();

    public OcspTrustTests() => _ca = new TestCa(_server, _time.GetUtcNow());

    private CertificateTrust Trust() => new(TrustAnchors.From([_ca.Root]), new TrustOptions(), _http, _time);

    [Fact]
    public async Task Check_ResponderSaysGood_IsTrustedWithoutTheCrl()
    {
        var port = FreePort.Next();
        using var leaf = _ca.IssueLeaf(p => p with { CrlUrl = null, OcspUrl = new Uri($"http://127.0.0.1:{port}/") });
        using var responder = new OpensslOcspResponder(_ca.Issuing, [(leaf, null)], port);

        var signer = await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default);

        Assert.Empty(signer.Warnings);
        Assert.Equal(0, _server.Requests("issuing.crl"));
    }

    [Fact]
    public async Task Check_ResponderSaysRevoked_IsRevoked()
    {
        var port = FreePort.Next();
        using var leaf = _ca.IssueLeaf(p => p with { CrlUrl = null, OcspUrl = new Uri($"http://127.0.0.1:{port}/") });
        using var responder = new OpensslOcspResponder(_ca.Issuing, [(leaf, _time.GetUtcNow().AddMinutes(-1))], port);

        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default));

        Assert.Equal(SignatureFailure.Revoked, refusal.Failure);
        Assert.Contains("according to OCSP responder", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ResponderDoesNotKnowTheCertificate_FallsBackToTheCrl()
    {
        var port = FreePort.Next();
        using var leaf = _ca.IssueLeaf(p => p with { OcspUrl = new Uri($"http://127.0.0.1:{port}/") });
        using var stranger = _ca.IssueLeaf();
        using var responder = new OpensslOcspResponder(_ca.Issuing, [(stranger, null)], port);

        var signer = await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default);

        Assert.Empty(signer.Warnings);
        Assert.Equal(1, _server.Requests("issuing.crl"));
    }

    [Fact]
    public async Task Check_ResponderDown_IsRevocationUnknown()
    {
        var port = FreePort.Next();
        using var leaf = _ca.IssueLeaf(p => p with { CrlUrl = null, OcspUrl = new Uri($"http://127.0.0.1:{port}/") });

        var refusal = await Assert.ThrowsAsync<SignatureException>(async () => await Trust().CheckAsync(leaf, [_ca.Issuing], _time.GetUtcNow(), default));

        Assert.Equal(SignatureFailure.RevocationUnknown, refusal.Failure);
        Assert.Contains("OCSP responder", refusal.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _server.Dispose();
        _http.Dispose();
    }

}
