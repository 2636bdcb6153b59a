using System.Diagnostics;
using System.Globalization;
using Gateway.Load.Gateway;
using Gateway.Load.Measurement;
using Gateway.Load.Processes;
using Gateway.Load.Targets.Gateway;

namespace Gateway.Load.Scenarios.FanOut;

/// <summary>
/// fanout-10k: one document to 10,000 recipients, timed from the start of Send until its receipt,
/// which the gateway returns only once every delivery row is committed. One cold document first (not
/// counted), then <see cref="Documents"/> timed one at a time on an otherwise idle gateway; each Send
/// is split into the gateway's own stages from its metrics, scraped before and after it.
/// </summary>
internal sealed class FanOutScenario : IScenario
{
    public const int Recipients = 10_000;

    public string Name => "fanout-10k";

    private static int Documents(bool quick) => quick ? 3 : 5;

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var progress = context.Progress;
        var directory = context.Directory(Name);
        var cli = context.GatewayCli(Name);
        var codes = FanOutRegistry.Codes(Recipients);

        await using var environment = await GatewayEnvironment.PrepareAsync(cli, directory, senders: 1, recipients: 1, runs: 1, settings.PkiKeyType,
            text => progress.Phase($"{Name}: {text}"), cancellationToken);
        progress.Phase($"{Name}: gateway setup: orgs import of {Recipients:N0} recipient codes");
        await FanOutRegistry.ImportAsync(cli, directory, environment.DataDirectory, codes, cancellationToken);

        var metricsPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        progress.Phase($"{Name}: starting `gateway run`");
        // A metrics listener of its own: the default port would clash with any other gateway on the machine.
        await using var gateway = await GatewayProcess.StartAsync(settings.GatewayPath, environment.DataDirectory, environment.TrustAnchors,
            Path.Combine(directory, "gateway.log"), [$"--Metrics:Endpoint=127.0.0.1:{metricsPort}"], cancellationToken);
        using var senders = new GatewayClients(gateway.Address, environment.Senders);
        using var metrics = new MetricsScrape(new Uri($"http://127.0.0.1:{metricsPort}/metrics"));

        var count = Documents(settings.Quick);
        progress.Phase($"{Name}: signing {count + 1} documents to {Recipients:N0} recipients");
        var documents = FanOutDocuments.Sign(LoadOrganisations.Sender(0), environment.SignerCertificate(0), environment.SignerKey(0), codes, count + 1);

        var sends = new List<FanOutSend>();
        for (var i = 0; i < documents.Length; i++)
        {
            progress.Phase($"{Name}: document {i + 1} of {documents.Length}{(i == 0 ? " (cold, not counted)" : "")}");
            var send = await TimeSendAsync(gateway, senders, metrics, documents[i], cancellationToken);
            progress.Line($"{Name}: document {i + 1}{(i == 0 ? " (cold)" : "")}: {send.Seconds * 1000:0.0} ms Send → receipt, gateway CPU {send.GatewayCpuMs:0} ms; " +
                $"gateway stages: {send.Stages}");
            sends.Add(send);
        }

        var expected = (long)Recipients * documents.Length;
        var queued = await WaitQueuedAsync(metrics, expected, cancellationToken);
        var timed = sends.Skip(1).ToList();
        var setup = $"gateway run (Release) on 127.0.0.1 h2c, default settings, signatures required ({settings.PkiKeyType} sender key), " +
            $"{FanOutDocuments.PayloadBytes:N0}-byte payload, HeaderValidator.MaxRecipients = {Recipients:N0} (a constant, not a setting). Log: {gateway.LogPath}";
        context.Results.Scenarios.Add(FanOutJudgement.Result(Name, Recipients, sends[0], timed, queued, expected, setup));
        var target = FanOutJudgement.Target(Name, Recipients, timed);
        context.Results.Targets.Add(target);
        progress.Line($"{Name}: median {context.Results.Scenarios[^1].Value * 1000:0.0} ms, max {target.Measured * 1000:0.0} ms; queued deliveries (gauge) {queued:N0} of {expected:N0}");
    }

    private static async Task<FanOutSend> TimeSendAsync(GatewayProcess gateway, GatewayClients senders, MetricsScrape metrics, Protocol.V1.SendRequest document,
        CancellationToken cancellationToken)
    {
        using var process = Process.GetProcessById(gateway.ProcessId);
        var before = await metrics.ReadAsync(cancellationToken);
        process.Refresh();
        var cpu = process.TotalProcessorTime;
        var start = Clock.Now;
        var receipt = await senders.SendAsync(0, document, TimeSpan.FromSeconds(60), cancellationToken);
        var seconds = Clock.ToSeconds(Clock.Now - start);
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
        if (receipt.Duplicate)
            throw new InvalidOperationException($"the gateway answered document {receipt.DocumentId} as a retry; the timing would not be of a new document");
        var after = await metrics.ReadAsync(cancellationToken);
        return new FanOutSend(seconds, SendStages.Between(before, after), Math.Round(cpuMs, 1));
    }

    /// <summary>The sampled queue-depth gauge once it shows every delivery queued, or what it shows after 10 s.</summary>
    private static async Task<double> WaitQueuedAsync(MetricsScrape metrics, long expected, CancellationToken cancellationToken)
    {
        var deadline = Clock.Now + Clock.FromSeconds(10);
        while (true)
        {
            var queued = (await metrics.ReadAsync(cancellationToken)).Sum("gateway_queue_depth", ("kind", "document"), ("state", "queued"));
            if (queued >= expected || Clock.Now >= deadline)
                return queued;
            await Task.Delay(250, cancellationToken);
        }
    }
}
