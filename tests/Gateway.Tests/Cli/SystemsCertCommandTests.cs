using System.Text.Json;
using Gateway.Cli;
using Gateway.Systems;
using Gateway.Tests.Support;
using Gateway.Tests.Systems;
using static Gateway.Tests.Systems.SystemsTestData;

namespace Gateway.Tests.Cli;

/// <summary>`gateway systems add --cert`, `bind-cert` and `unbind-cert` as the real executable, on the store of a data directory.</summary>
public sealed class SystemsCertCommandTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly TempDirectory _dir = new();

    public SystemsCertCommandTests()
    {
        using var store = LocalStore.Open(Data);
        InsertOrganizations(store, Ministry, Province);
    }

    private string Data => _dir.Combine("data");

    private async Task<(int Exit, IReadOnlyList<string> Out, IReadOnlyList<string> Err)> RunAsync(params string[] arguments)
    {
        await using var process = DaemonProcess.Start(_dir.Path, arguments);
        var exit = await process.WaitForExitAsync(Timeout);
        return (exit, process.StandardOutput, process.StandardError);
    }

    private string? BoundTo(string thumbprint)
    {
        using var store = LocalStore.Open(Data);
        return new SystemRegistry(store, TimeProvider.System).FindByCertificate(thumbprint)?.Name;
    }

    private string Pem(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate, string name) =>
        TestClientCertificates.WritePem(certificate, _dir.Path, name);

    [Fact]
    public async Task Add_WithCert_BindsItAndSaysSo()
    {
        using var certificate = TestClientCertificates.Issue("edoc client", [Ministry]);

        var (exit, output, error) = await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--cert", Pem(certificate, "edoc.pem"), "--data", Data);

        Assert.True(exit == ExitCodes.Ok, string.Join('\n', error));
        Assert.Equal($"Bound {ClientCertificateFitness.Describe(certificate)}: over TLS the system may authenticate with it instead.", output[^1]);
        Assert.Equal("edoc", BoundTo(ClientCertificateFitness.Thumbprint(certificate)));
    }

    [Fact]
    public async Task Add_WithCertJson_PrintsTheCertificate()
    {
        using var certificate = TestClientCertificates.Issue("edoc client");

        var (exit, output, _) = await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--cert", Pem(certificate, "edoc.pem"), "--json", "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        var bound = JsonDocument.Parse(string.Join('\n', output)).RootElement.GetProperty("certificate");
        Assert.Equal(ClientCertificateFitness.Thumbprint(certificate), bound.GetProperty("sha256").GetString());
        Assert.Equal(certificate.Subject, bound.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Add_WithAnUnreadableCert_ExitsTwoAndAddsNothing()
    {
        var file = _dir.Combine("garbage.pem");
        await File.WriteAllTextAsync(file, "-----BEGIN NOTHING-----");

        var (exit, _, error) = await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--cert", file, "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.StartsWith($"gateway: systems add: '{file}' is not a readable certificate (", Assert.Single(error), StringComparison.Ordinal);
        using var store = LocalStore.Open(Data);
        Assert.Empty(new SystemRegistry(store, TimeProvider.System).List());
    }

    [Fact]
    public async Task BindCert_ThenUnbindByFile_BindsAndUnbinds()
    {
        await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--data", Data);
        using var certificate = TestClientCertificates.Issue("edoc client");
        var file = Pem(certificate, "edoc.pem");
        var thumbprint = ClientCertificateFitness.Thumbprint(certificate);

        var bound = await RunAsync("systems", "bind-cert", "edoc", file, "--data", Data);

        Assert.True(bound.Exit == ExitCodes.Ok, string.Join('\n', bound.Err));
        Assert.Equal($"Bound {ClientCertificateFitness.Describe(certificate)} to system 'edoc': over TLS it authenticates as the system without a token.", Assert.Single(bound.Out));
        Assert.Equal("edoc", BoundTo(thumbprint));

        var unbound = await RunAsync("systems", "unbind-cert", "edoc", file, "--data", Data);

        Assert.Equal(ExitCodes.Ok, unbound.Exit);
        Assert.Equal($"Unbound {ClientCertificateFitness.Describe(certificate)} from system 'edoc'; a running gateway refuses it within 5 s.", Assert.Single(unbound.Out));
        Assert.Null(BoundTo(thumbprint));
    }

    [Fact]
    public async Task BindCert_NarrowerCodes_SaysWhatTheSystemMayStillDo()
    {
        await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--org", Province, "--data", Data);
        using var certificate = TestClientCertificates.Issue("province client", [Province]);

        var (exit, output, _) = await RunAsync("systems", "bind-cert", "edoc", Pem(certificate, "p.pem"), "--data", Data);

        Assert.Equal(ExitCodes.Ok, exit);
        Assert.Equal($"It carries {Province}: with it the system acts only for {Province}.", output[^1]);
    }

    [Fact]
    public async Task BindCert_BoundToAnotherSystem_ExitsTwoNamingIt()
    {
        await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--data", Data);
        await RunAsync("systems", "add", "--name", "other", "--org", Ministry, "--data", Data);
        using var certificate = TestClientCertificates.Issue("shared");
        var file = Pem(certificate, "shared.pem");
        await RunAsync("systems", "bind-cert", "edoc", file, "--data", Data);

        var (exit, _, error) = await RunAsync("systems", "bind-cert", "other", file, "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.StartsWith($"gateway: systems bind-cert: {ClientCertificateFitness.Describe(certificate)} is already bound to system 'edoc'", Assert.Single(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnbindCert_ByThumbprintAfterTheFileIsGone_Unbinds()
    {
        using var certificate = TestClientCertificates.Issue("edoc client");
        await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--cert", Pem(certificate, "edoc.pem"), "--data", Data);
        File.Delete(_dir.Combine("edoc.pem"));
        var thumbprint = ClientCertificateFitness.Thumbprint(certificate);

        var (exit, _, error) = await RunAsync("systems", "unbind-cert", "edoc", thumbprint.ToLowerInvariant(), "--data", Data);

        Assert.True(exit == ExitCodes.Ok, string.Join('\n', error));
        Assert.Null(BoundTo(thumbprint));
    }

    [Fact]
    public async Task UnbindCert_NotBound_ExitsTwo()
    {
        await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--data", Data);
        var thumbprint = new string('A', 64);

        var (exit, _, error) = await RunAsync("systems", "unbind-cert", "edoc", thumbprint, "--data", Data);

        Assert.Equal(ExitCodes.Configuration, exit);
        Assert.Equal($"gateway: systems unbind-cert: no certificate with SHA-256 {thumbprint} is bound to system 'edoc' (see 'gateway systems list --json')", Assert.Single(error));
    }

    [Fact]
    public async Task List_ShowsHowManyCertificatesAndTheirThumbprintsInJson()
    {
        using var certificate = TestClientCertificates.Issue("edoc client");
        await RunAsync("systems", "add", "--name", "edoc", "--org", Ministry, "--cert", Pem(certificate, "edoc.pem"), "--data", Data);

        var text = await RunAsync("systems", "list", "--data", Data);
        var json = await RunAsync("systems", "list", "--json", "--data", Data);

        Assert.Matches("^NAME +STATUS +CREATED +CERTS +ORGS$", text.Out[0]);
        Assert.Matches($"^edoc +active +\\S+ +1 +{Ministry.Replace(".", "\\.", StringComparison.Ordinal)}$", text.Out[1]);
        var listed = JsonDocument.Parse(string.Join('\n', json.Out)).RootElement[0].GetProperty("certificates");
        Assert.Equal(ClientCertificateFitness.Thumbprint(certificate), Assert.Single(listed.EnumerateArray()).GetProperty("sha256").GetString());
    }

    public void Dispose() => _dir.Dispose();
}
