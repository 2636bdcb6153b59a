using Gateway.Crypto.Tests.Support;
using Gateway.Protocol.V1;
using Gateway.Systems;
using Gateway.Tests.Support;
using Grpc.Core;
using static Gateway.Tests.Support.ExchangeGateway;
using static Gateway.Tests.Systems.MtlsGateway;

namespace Gateway.Tests.Systems;

/// <summary>
/// Connected systems authenticating by TLS client certificate on a real Kestrel TLS listener that
/// asks for one (Grpc:Tls:ClientCertificates): who the call is attributed to, and each refusal.
/// </summary>
public sealed class ClientCertificateTests : IAsyncLifetime
{
    private MtlsGateway _mtls = null!;

    public async ValueTask InitializeAsync() => _mtls = await MtlsGateway.StartAsync();

    public async ValueTask DisposeAsync() => await _mtls.DisposeAsync();

    private async Task<SendResponse> SendAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? client, string reference, CallOptions? call = null, string sender = Office)
    {
        using var channel = _mtls.Channel(client);
        return await ExchangeOver(channel).SendAsync(Documents.Send(sender, [NgheAn], reference, "mtls payload"u8.ToArray()), call ?? NoToken);
    }

    private async Task<RpcException> RefusedAsync(System.Security.Cryptography.X509Certificates.X509Certificate2? client, CallOptions? call = null, string sender = Office) =>
        await Assert.ThrowsAsync<RpcException>(() => SendAsync(client, $"refused-{Guid.NewGuid():N}", call, sender));

    [Fact]
    public async Task Send_BoundCertificateWithoutToken_AcceptedAndAttributedToTheBoundSystem()
    {
        using var client = _mtls.IssueClient("dms-g22 client", [Office]);
        _mtls.Systems.BindCertificate("dms-g22", client);

        var response = await SendAsync(client, "by-certificate");

        Assert.NotEmpty(response.Receipt.DocumentId);
        Assert.Equal(1, _mtls.Gw.Count("SELECT COUNT(*) FROM documents WHERE client_reference = 'by-certificate' AND submitted_by = 'dms-g22'"));
    }

    [Fact]
    public async Task Pull_BoundCertificateOfTheRecipient_ReceivesTheDocument()
    {
        using var recipient = _mtls.IssueClient("dms-h41 client", [NgheAn]);
        _mtls.Systems.BindCertificate("dms-h41", recipient);
        await _mtls.Gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "to-pull", "x"u8.ToArray()), _mtls.Gw.Call);

        using var channel = _mtls.Channel(recipient);
        var pulled = await ExchangeOver(channel).PullAsync(new PullRequest(), NoToken);

        Assert.Equal(NgheAn, Assert.Single(pulled.Deliveries).Recipient);
    }

    [Fact]
    public async Task Send_UnboundTrustedCertificate_UnauthenticatedSayingHowToBindIt()
    {
        using var client = _mtls.IssueClient("stray client", [Office]);

        var error = await RefusedAsync(client);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(
            $"{ClientCertificateFitness.Describe(client)} is not bound to a connected system; an operator binds it with gateway systems bind-cert NAME CERT.pem",
            error.Status.Detail);
    }

    [Fact]
    public async Task Send_CertificateFromAnotherCa_UnauthenticatedSayingItDoesNotChain()
    {
        using var otherCrls = new FileServer();
        using var otherCa = new TestCa(otherCrls, DateTimeOffset.UtcNow);
        using var client = IssueClient(otherCa, otherCrls, "impostor", [Office]);
        // Bound, so only trust can refuse it.
        _mtls.Systems.BindCertificate("dms-g22", client);

        var error = await RefusedAsync(client);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith($"{ClientCertificateFitness.Describe(client)} is not trusted: ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("does not chain to a trusted anchor", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RevokedCertificate_UnauthenticatedNamingTheCrl()
    {
        using var client = _mtls.IssueClient("revoked client", [Office]);
        _mtls.Systems.BindCertificate("dms-g22", client);
        _mtls.Ca.RevokeLeaf(client);
        _mtls.Ca.PublishCrls(_mtls.Ca.Now, _mtls.Ca.Now.AddDays(1));

        var error = await RefusedAsync(client);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith($"{ClientCertificateFitness.Describe(client)} is not trusted: ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("is revoked at ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(_mtls.Crls.Url("issuing.crl").ToString(), error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_ExpiredCertificate_UnauthenticatedSayingWhenItExpired()
    {
        using var client = _mtls.IssueClient("expired client", [Office], p => p with { NotBefore = p.NotBefore.AddDays(-30), NotAfter = DateTimeOffset.UtcNow.AddDays(-1) });
        _mtls.Systems.BindCertificate("dms-g22", client);

        var error = await RefusedAsync(client);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains(" is not trusted: ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(" expired at ", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_RevocationUnknownUnderHardFail_UnavailableSoTheCallerRetries()
    {
        using var client = _mtls.IssueClient("no crl", [Office], p => p with { CrlUrl = _mtls.Crls.Url("missing.crl") });
        _mtls.Systems.BindCertificate("dms-g22", client);

        var error = await RefusedAsync(client);

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        Assert.StartsWith($"{ClientCertificateFitness.Describe(client)} cannot be checked right now: ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("HTTP 404", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CertificateWithoutClientAuth_UnauthenticatedNamingTheUsage()
    {
        // Bound while the registry could not tell (inserted directly), so only the call's own check refuses it.
        using var client = _mtls.IssueClient("server only", [Office], p => p with { ExtendedKeyUsages = ["1.3.6.1.5.5.7.3.1"] });
        InsertBinding("dms-g22", client);

        var error = await RefusedAsync(client);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith($"{ClientCertificateFitness.Describe(client)} may not authenticate a client: its extended key usage", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("does not include clientAuth (1.3.6.1.5.5.7.3.2)", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CertificateOfARevokedSystem_UnauthenticatedNamingTheSystem()
    {
        using var client = _mtls.IssueClient("dms-g22 client", [Office]);
        _mtls.Systems.BindCertificate("dms-g22", client);
        _mtls.Systems.Revoke("dms-g22");

        var error = await RefusedAsync(client);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith($"{ClientCertificateFitness.Describe(client)} belongs to system 'dms-g22', revoked at ", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CertificateUnboundInProcess_RefusedAtOnce()
    {
        using var client = _mtls.IssueClient("dms-g22 client", [Office]);
        _mtls.Systems.BindCertificate("dms-g22", client);
        await SendAsync(client, "before-unbind");

        _mtls.Systems.UnbindCertificate("dms-g22", ClientCertificateFitness.Thumbprint(client));
        var error = await RefusedAsync(client);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains("is not bound to a connected system", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CertificateCarryingAnotherOrgSendingAsOffice_PermissionDeniedNamingBoth()
    {
        // The system may act for both codes, its certificate carries only Nghệ An's.
        _mtls.Systems.Add("dms-both", [Office, NgheAn]);
        using var client = _mtls.IssueClient("dms-both client", [NgheAn]);
        _mtls.Systems.BindCertificate("dms-both", client);

        var error = await RefusedAsync(client);

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(
            $"system 'dms-both' may not send for organisation '{Office}' with client certificate \"{client.Subject}\": the certificate carries {NgheAn} " +
            $"(organizationIdentifier), and a certificate that carries organisation codes limits its system to the codes both have ({NgheAn})",
            error.Status.Detail);
    }

    [Fact]
    public async Task Send_CertificateCarryingTheSenderCode_Accepted()
    {
        _mtls.Systems.Add("dms-both", [Office, NgheAn]);
        using var client = _mtls.IssueClient("dms-both client", [Office]);
        _mtls.Systems.BindCertificate("dms-both", client);

        await SendAsync(client, "carried-code");

        Assert.Equal(1, _mtls.Gw.Count("SELECT COUNT(*) FROM documents WHERE client_reference = 'carried-code' AND submitted_by = 'dms-both'"));
    }

    [Fact]
    public async Task Send_TokenAndCertificateOfAnotherSystem_UnauthenticatedNamingBoth()
    {
        using var client = _mtls.IssueClient("dms-h41 client", [NgheAn]);
        _mtls.Systems.BindCertificate("dms-h41", client);

        var error = await RefusedAsync(client, CallAs(_mtls.Gw.Token));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith("the client certificate belongs to system 'dms-h41' but the token to 'dms-g22'", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_TokenBesideAnUnboundCertificate_TheTokenDecides()
    {
        using var client = _mtls.IssueClient("unbound client");

        await SendAsync(client, "token-decides", CallAs(_mtls.Gw.Token));

        Assert.Equal(1, _mtls.Gw.Count("SELECT COUNT(*) FROM documents WHERE client_reference = 'token-decides' AND submitted_by = 'dms-g22'"));
    }

    [Fact]
    public async Task Send_TokenBesideAnUntrustedCertificate_TheTokenDecides()
    {
        using var otherCrls = new FileServer();
        using var otherCa = new TestCa(otherCrls, DateTimeOffset.UtcNow);
        using var client = IssueClient(otherCa, otherCrls, "untrusted");

        await SendAsync(client, "token-untrusted-cert", CallAs(_mtls.Gw.Token));

        Assert.Equal(1, _mtls.Gw.Count("SELECT COUNT(*) FROM documents WHERE client_reference = 'token-untrusted-cert'"));
    }

    [Fact]
    public async Task Send_TokenWithoutCertificateOnTheSameListener_Accepted()
    {
        await SendAsync(null, "token-only", CallAs(_mtls.Gw.Token));

        Assert.Equal(1, _mtls.Gw.Count("SELECT COUNT(*) FROM documents WHERE client_reference = 'token-only' AND submitted_by = 'dms-g22'"));
    }

    [Fact]
    public async Task Send_NeitherTokenNorCertificate_UnauthenticatedNamingBothWays()
    {
        var error = await RefusedAsync(null);

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Equal(BearerAuthInterceptor.MissingEitherMessage, error.Status.Detail);
    }

    [Fact]
    public async Task Send_MalformedTokenBesideABoundCertificate_TheTokenDecides()
    {
        using var client = _mtls.IssueClient("dms-g22 client", [Office]);
        _mtls.Systems.BindCertificate("dms-g22", client);

        var error = await RefusedAsync(client, CallAs("not-a-token"));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.StartsWith("malformed bearer token", error.Status.Detail, StringComparison.Ordinal);
    }

    /// <summary>A binding as an older release or a direct edit could have left it, past the registry's checks.</summary>
    private void InsertBinding(string system, System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        using var connection = _mtls.Gw.Gateway.Store().OpenConnection();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO system_certificates (thumbprint, system_name, subject, serial, not_after, bound_at) VALUES ($t, $s, $subject, $serial, 0, 0)";
        insert.Parameters.AddWithValue("$t", ClientCertificateFitness.Thumbprint(certificate));
        insert.Parameters.AddWithValue("$s", system);
        insert.Parameters.AddWithValue("$subject", certificate.Subject);
        insert.Parameters.AddWithValue("$serial", certificate.SerialNumber);
        insert.ExecuteNonQuery();
    }
}
