using Gateway.Cli;
using Gateway.Store.Sqlite;
using Gateway.Systems;
using Gateway.Tests.Support;
using static Gateway.Tests.Systems.SystemsTestData;

namespace Gateway.Tests.Systems;

/// <summary>Binding client certificates to systems in the store: the checks, the cache, and the table.</summary>
public sealed class SystemCertificateBindingTests : IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly SqliteStore _store;
    private readonly ManualTimeProvider _time = new(Start);
    private readonly SystemRegistry _registry;

    public SystemCertificateBindingTests()
    {
        _store = LocalStore.Open(_dir.Combine("data"));
        InsertOrganizations(_store, Ministry, Province, Commune);
        _registry = new SystemRegistry(_store, _time);
        _registry.Add("edoc", [Ministry, Province]);
    }

    [Fact]
    public void BindCertificate_FitCertificate_FindsTheSystemByItsThumbprint()
    {
        using var certificate = TestClientCertificates.Issue("edoc client", [Province]);

        var (system, bound, added) = _registry.BindCertificate("edoc", certificate);

        Assert.True(added);
        Assert.Equal("edoc", system.Name);
        Assert.Equal(ClientCertificateFitness.Thumbprint(certificate), bound.Thumbprint);
        Assert.Equal(certificate.Subject, bound.Subject);
        Assert.Equal(Start, bound.BoundAt);
        Assert.Equal("edoc", _registry.FindByCertificate(bound.Thumbprint)?.Name);
        Assert.Equal(bound, Assert.Single(_registry.Certificates()));
    }

    [Fact]
    public void BindCertificate_Twice_SecondChangesNothing()
    {
        using var certificate = TestClientCertificates.Issue("edoc client");
        _registry.BindCertificate("edoc", certificate);

        var (_, _, added) = _registry.BindCertificate("edoc", certificate);

        Assert.False(added);
        Assert.Single(_registry.Certificates());
    }

    [Fact]
    public void BindCertificate_BoundToAnotherSystem_RefusedNamingIt()
    {
        _registry.Add("other", [Ministry]);
        using var certificate = TestClientCertificates.Issue("shared");
        _registry.BindCertificate("edoc", certificate);

        var refusal = Assert.Throws<SystemsException>(() => _registry.BindCertificate("other", certificate));

        Assert.Equal(SystemsError.CertificateTaken, refusal.Error);
        Assert.StartsWith($"{ClientCertificateFitness.Describe(certificate)} is already bound to system 'edoc'", refusal.Message, StringComparison.Ordinal);
        Assert.Equal("edoc", _registry.FindByCertificate(ClientCertificateFitness.Thumbprint(certificate))?.Name);
    }

    [Fact]
    public void BindCertificate_WithoutClientAuth_RefusedNamingTheUsage()
    {
        using var certificate = TestClientCertificates.Issue("server", purposes: ["1.3.6.1.5.5.7.3.1"]);

        var refusal = Assert.Throws<SystemsException>(() => _registry.BindCertificate("edoc", certificate));

        Assert.Equal(SystemsError.CertificateUnfit, refusal.Error);
        Assert.Contains("does not include clientAuth", refusal.Message, StringComparison.Ordinal);
        Assert.Empty(_registry.Certificates());
    }

    [Fact]
    public void BindCertificate_AnyExtendedKeyUsage_Accepted()
    {
        using var certificate = TestClientCertificates.Issue("any purpose", purposes: ["2.5.29.37.0"]);

        Assert.True(_registry.BindCertificate("edoc", certificate).Added);
    }

    [Fact]
    public void BindCertificate_CarryingOnlyCodesTheSystemLacks_RefusedBecauseItCouldActForNone()
    {
        using var certificate = TestClientCertificates.Issue("commune", [Commune]);

        var refusal = Assert.Throws<SystemsException>(() => _registry.BindCertificate("edoc", certificate));

        Assert.Equal(SystemsError.CertificateUnfit, refusal.Error);
        Assert.Contains($"carries {Commune}, none of which system 'edoc' is registered for ({Ministry}, {Province})", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BindCertificate_UnknownSystem_Refused()
    {
        using var certificate = TestClientCertificates.Issue("nobody's");

        var refusal = Assert.Throws<SystemsException>(() => _registry.BindCertificate("nobody", certificate));

        Assert.Equal(SystemsError.UnknownSystem, refusal.Error);
    }

    [Fact]
    public void BindCertificate_RevokedSystem_Refused()
    {
        _registry.Revoke("edoc");
        using var certificate = TestClientCertificates.Issue("late");

        var refusal = Assert.Throws<SystemsException>(() => _registry.BindCertificate("edoc", certificate));

        Assert.Equal(SystemsError.SystemRevoked, refusal.Error);
        Assert.StartsWith("system 'edoc' was revoked at 2026-11-23T08:00:00.000Z", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Add_WithCertificate_BindsItInTheSameTransaction()
    {
        using var certificate = TestClientCertificates.Issue("new client", [Commune]);

        var (system, _, bound) = _registry.Add("new", [Commune], certificate);

        Assert.Equal("new", system.Name);
        Assert.Equal("new", _registry.FindByCertificate(bound!.Thumbprint)?.Name);
    }

    [Fact]
    public void Add_WithACertificateBoundElsewhere_AddsNothing()
    {
        using var certificate = TestClientCertificates.Issue("taken");
        _registry.BindCertificate("edoc", certificate);

        Assert.Throws<SystemsException>(() => _registry.Add("new", [Commune], certificate));

        Assert.Null(_registry.Find("new"));
    }

    [Fact]
    public void FindByCertificate_Unbound_Null()
    {
        using var certificate = TestClientCertificates.Issue("stray");

        Assert.Null(_registry.FindByCertificate(ClientCertificateFitness.Thumbprint(certificate)));
    }

    [Fact]
    public void FindByCertificate_SystemRevoked_FoundAsRevoked()
    {
        using var certificate = TestClientCertificates.Issue("edoc client");
        _registry.BindCertificate("edoc", certificate);
        Assert.False(_registry.FindByCertificate(ClientCertificateFitness.Thumbprint(certificate))!.IsRevoked);

        _registry.Revoke("edoc");

        Assert.True(_registry.FindByCertificate(ClientCertificateFitness.Thumbprint(certificate))!.IsRevoked);
    }

    [Fact]
    public void FindByCertificate_UnboundByAnotherProcess_StillFoundUntilTheCacheBoundPasses()
    {
        using var certificate = TestClientCertificates.Issue("edoc client");
        var thumbprint = ClientCertificateFitness.Thumbprint(certificate);
        _registry.BindCertificate("edoc", certificate);
        Assert.NotNull(_registry.FindByCertificate(thumbprint));

        // The CLI's registry, over the same store.
        new SystemRegistry(_store, _time).UnbindCertificate("edoc", thumbprint);

        Assert.NotNull(_registry.FindByCertificate(thumbprint));
        _time.Advance(SystemRegistry.CacheBound);
        Assert.Null(_registry.FindByCertificate(thumbprint));
    }

    [Fact]
    public void UnbindCertificate_LowerCaseThumbprint_Unbinds()
    {
        using var certificate = TestClientCertificates.Issue("edoc client");
        var thumbprint = ClientCertificateFitness.Thumbprint(certificate);
        _registry.BindCertificate("edoc", certificate);

        var removed = _registry.UnbindCertificate("edoc", thumbprint.ToLowerInvariant());

        Assert.Equal(thumbprint, removed.Thumbprint);
        Assert.Null(_registry.FindByCertificate(thumbprint));
        Assert.Empty(_registry.Certificates());
    }

    [Fact]
    public void UnbindCertificate_NotBoundToThatSystem_RefusedAndKeepsTheBinding()
    {
        _registry.Add("other", [Ministry]);
        using var certificate = TestClientCertificates.Issue("edoc client");
        var thumbprint = ClientCertificateFitness.Thumbprint(certificate);
        _registry.BindCertificate("edoc", certificate);

        var refusal = Assert.Throws<SystemsException>(() => _registry.UnbindCertificate("other", thumbprint));

        Assert.Equal(SystemsError.CertificateNotBound, refusal.Error);
        Assert.Equal($"no certificate with SHA-256 {thumbprint} is bound to system 'other' (see 'gateway systems list --json')", refusal.Message);
        Assert.Equal("edoc", _registry.FindByCertificate(thumbprint)?.Name);
    }

    public void Dispose()
    {
        _store.Dispose();
        _dir.Dispose();
    }
}
