using System.Globalization;
using System.Text.Json;
using Gateway.Load.Processes;

namespace Gateway.Load.Gateway;

/// <summary>
/// Everything a gateway needs before `gateway run`, made with the gateway's own CLI in a fresh
/// directory: a dev PKI whose CRL URL points at a `pki serve-crl` child on a free port (revocation is
/// checked hard-fail, so the CRL must be reachable; the gateway caches it), one signing certificate per
/// sender code, the registry, and connected systems with their tokens.
/// </summary>
internal sealed class GatewayEnvironment : IAsyncDisposable
{
    private readonly ChildProcess _crlServer;

    private GatewayEnvironment(string directory, ChildProcess crlServer, IReadOnlyList<LoadSystem> senders, IReadOnlyList<LoadSystem> recipients)
    {
        Directory = directory;
        _crlServer = crlServer;
        Senders = senders;
        Recipients = recipients;
    }

    public string Directory { get; }
    public string DataDirectory => Path.Combine(Directory, "data");
    public string PkiDirectory => Path.Combine(Directory, "pki");
    public string TrustAnchors => Path.Combine(PkiDirectory, "trust");

    /// <summary>Sender systems, one org code each, with the PEM files that sign for it.</summary>
    public IReadOnlyList<LoadSystem> Senders { get; }

    /// <summary>Recipient systems; recipient j holds code j of every run (<see cref="LoadOrganisations"/>).</summary>
    public IReadOnlyList<LoadSystem> Recipients { get; }

    public string SignerCertificate(int sender) => Path.Combine(PkiDirectory, "orgs", Senders[sender].OrgCodes[0] + ".pem");
    public string SignerKey(int sender) => Path.Combine(PkiDirectory, "orgs", Senders[sender].OrgCodes[0] + ".key");

    /// <param name="keyType">`gateway pki --key-type`: rsa-2048 or ecdsa-p256.</param>
    public static async Task<GatewayEnvironment> PrepareAsync(
        GatewayCommand gateway, string directory, int senders, int recipients, int runs, string keyType, Action<string> progress, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(directory);
        var pki = Path.Combine(directory, "pki");
        var data = Path.Combine(directory, "data");
        var crlPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);

        progress("gateway setup: pki init");
        await gateway.RunAsync(["pki", "init", "--dir", pki, "--crl-url", $"http://127.0.0.1:{crlPort}/root.crl"], cancellationToken);
        var crl = ChildProcess.Start("crl server", gateway.Executable, ["pki", "serve-crl", "--dir", pki, "--listen", $"127.0.0.1:{crlPort}"],
            Path.Combine(directory, "crl-server.log"));
        try
        {
            var senderSystems = new List<LoadSystem>();
            for (var i = 0; i < senders; i++)
            {
                progress($"gateway setup: pki issue-org {LoadOrganisations.Sender(i)} ({keyType})");
                await gateway.RunAsync(["pki", "issue-org", LoadOrganisations.Sender(i), "--key-type", keyType, "--dir", pki], cancellationToken);
            }

            var csv = Path.Combine(directory, "orgs.csv");
            await File.WriteAllTextAsync(csv, LoadOrganisations.Csv(senders, recipients, runs), cancellationToken);
            progress("gateway setup: orgs import");
            await gateway.RunAsync(["orgs", "import", csv, "--data", data], cancellationToken);

            for (var i = 0; i < senders; i++)
                senderSystems.Add(await AddSystemAsync(gateway, $"load-sender-{i + 1}", [LoadOrganisations.Sender(i)], data, progress, cancellationToken));
            var recipientSystems = new List<LoadSystem>();
            for (var j = 0; j < recipients; j++)
            {
                var codes = Enumerable.Range(0, runs).Select(r => LoadOrganisations.Recipient(r, j)).ToList();
                recipientSystems.Add(await AddSystemAsync(gateway, $"load-recipient-{j + 1}", codes, data, progress, cancellationToken));
            }

            await EnsureCrlServedAsync(crl, crlPort, cancellationToken);
            return new GatewayEnvironment(directory, crl, senderSystems, recipientSystems);
        }
        catch
        {
            await crl.DisposeAsync();
            throw;
        }
    }

    private static async Task<LoadSystem> AddSystemAsync(
        GatewayCommand gateway, string name, IReadOnlyList<string> codes, string data, Action<string> progress, CancellationToken cancellationToken)
    {
        progress($"gateway setup: systems add {name}");
        string[] arguments = ["systems", "add", "--name", name, .. codes.SelectMany(c => new[] { "--org", c }), "--json", "--data", data];
        using var json = JsonDocument.Parse(await gateway.RunAsync(arguments, cancellationToken));
        var token = json.RootElement.GetProperty("token").GetString() ?? throw new InvalidDataException($"systems add {name}: no token in its JSON");
        return new LoadSystem(name, token, codes);
    }

    /// <summary>The CRL server must answer before the gateway verifies a first signature, or that send fails hard.</summary>
    private static async Task EnsureCrlServedAsync(ChildProcess crl, string port, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var attempt = 0; attempt < 100; attempt++)
        {
            if (crl.HasExited)
                throw new InvalidOperationException($"gateway pki serve-crl exited; its log ({crl.LogPath}) ends:\n{crl.Tail()}");
            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/root.crl"), cancellationToken);
                if (response.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"the CRL server did not answer on 127.0.0.1:{port}; its log ({crl.LogPath}) ends:\n{crl.Tail()}");
    }

    public ValueTask DisposeAsync() => _crlServer.DisposeAsync();
}

/// <summary>A connected system: its name, bearer token and organisation codes.</summary>
internal sealed record LoadSystem(string Name, string Token, IReadOnlyList<string> OrgCodes);
