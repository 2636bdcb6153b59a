using System.Diagnostics;
using System.Globalization;
using Gateway.Load.Gateway;
using Gateway.Load.Processes;
using Gateway.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Load.Scenarios.Restart;

/// <summary>
/// restart-1m: a gateway holding 1,000,000 queued deliveries (100,000 with --quick), built through
/// Send with no recipient connected, is stopped with SIGTERM and started again on the same data
/// directory; measured from process start until SERVING and until a reconnecting recipient gets a
/// first delivery. Then the same after SIGKILL (crash recovery), as a detail.
/// </summary>
internal sealed class RestartScenario : IScenario
{
    /// <summary>The gateway's limit (HeaderValidator.MaxRecipients), not a setting: the fan-out per document.</summary>
    private const int RecipientsPerDocument = 10_000;
    private const int FullDocuments = 100;
    private const int QuickDocuments = 10;

    public string Name => "restart-1m";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var documents = context.Settings.Quick ? QuickDocuments : FullDocuments;
        var deliveries = (long)documents * RecipientsPerDocument;
        var directory = context.Directory(Name);
        // Measured at 1M: 0.4 KiB per queued delivery in the database, and its WAL grew to 1.3 KiB per delivery while the backlog was built.
        DiskSpace.Require(directory, deliveries * 2048 + (256L << 20), $"{deliveries:N0} queued deliveries");

        var cli = context.GatewayCli(Name);
        await using var environment = await GatewayEnvironment.PrepareAsync(
            cli, directory, senders: 1, recipients: 1, runs: 1, context.Settings.PkiKeyType, text => context.Progress.Phase($"{Name}: {text}"), cancellationToken);
        var codes = BacklogCodes.All(RecipientsPerDocument);
        var csv = Path.Combine(directory, "backlog-orgs.csv");
        await File.WriteAllTextAsync(csv, BacklogCodes.Csv(codes), cancellationToken);
        context.Progress.Phase($"{Name}: orgs import of {codes.Count - 1:N0} backlog codes");
        await cli.RunAsync(["orgs", "import", csv, "--data", environment.DataDirectory], cancellationToken);

        var metricsPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        // Information: the start-up milestones (listening, store open, serving) are read from the log.
        string[] settings = [$"--Metrics:Endpoint=127.0.0.1:{metricsPort}", "--Log:MinimumLevel=information"];
        var log = Path.Combine(directory, "gateway.log");
        var recipient = environment.Recipients[0];

        var backlog = await BuildBacklogAsync(context, cli.Executable, environment, codes, documents, log, settings, metricsPort, cancellationToken);

        var setup = $"gateway run (Release), default settings, signatures required ({context.Settings.PkiKeyType}), SQLite WAL synchronous=FULL. Log: {log}";
        context.Results.Scenarios.Add(RestartJudgement.BacklogRow(Name, backlog, setup));

        var (gracefulGateway, graceful) = await RestartAsync(context, cli.Executable, environment, log, settings, recipient, "SIGTERM", cancellationToken);
        await using (gracefulGateway)
        {
            context.Results.Scenarios.AddRange(RestartJudgement.RestartRows(Name, deliveries, graceful));
            context.Results.Targets.AddRange(RestartJudgement.Targets(Name, deliveries, graceful));
            // A crash: the same restart after SIGKILL, nothing checkpointed or closed.
            await gracefulGateway.KillAsync();
        }

        var (crashedGateway, crashed) = await RestartAsync(context, cli.Executable, environment, log, settings, recipient, "SIGKILL", cancellationToken);
        await using (crashedGateway)
            context.Results.Scenarios.AddRange(RestartJudgement.RestartRows(Name, deliveries, crashed));
    }

    /// <summary>
    /// Starts a gateway, sends the backlog through it, checks the queue depth gauge, stops it with
    /// SIGTERM and counts the queued rows; fails if they are not all there.
    /// </summary>
    private async Task<RestartJudgement.Backlog> BuildBacklogAsync(
        ScenarioContext context, string executable, GatewayEnvironment environment, IReadOnlyList<string> codes, int documents, string log, string[] settings,
        string metricsPort, CancellationToken cancellationToken)
    {
        var deliveries = (long)documents * codes.Count;
        context.Progress.Phase($"{Name}: signing {documents} documents to {codes.Count:N0} recipients each (not timed)");
        var requests = BacklogBuilder.Sign(environment.SignerCertificate(0), environment.SignerKey(0), LoadOrganisations.Sender(0), codes, documents);

        context.Progress.Phase($"{Name}: starting `gateway run`");
        // While the backlog grows, the expiry job (first run one Delivery:ExpiryInterval after start) would hold
        // the write lock for a scan of every queued delivery and fail the sends with "database is locked" (README).
        await using var gateway = await GatewayProcess.StartAsync(executable, environment.DataDirectory, environment.TrustAnchors, log,
            [.. settings, "--Delivery:ExpiryInterval=24h"], cancellationToken);
        using var channel = GrpcChannel.ForAddress(gateway.Address);
        var client = new DocumentExchange.DocumentExchangeClient(channel);
        var credentials = new Metadata { { "authorization", "Bearer " + environment.Senders[0].Token } };
        var built = await BacklogBuilder.SendAsync(client, credentials, requests,
            done => context.Progress.Phase($"{Name}: backlog {done} of {documents} documents ({(long)done * codes.Count:N0} deliveries)"), cancellationToken);
        context.Progress.Line($"{Name}: {deliveries:N0} deliveries queued in {built.Total.TotalSeconds:0.0} s ({deliveries / built.Total.TotalSeconds:N0}/s; " +
                              $"first half {built.FirstHalf.TotalSeconds:0.0} s, second half {built.SecondHalf.TotalSeconds:0.0} s)");

        context.Progress.Phase($"{Name}: waiting for the queue depth gauge to show {deliveries:N0}");
        var gauge = await QueueDepth.WaitForAsync(new Uri($"http://127.0.0.1:{metricsPort}/metrics"), deliveries, TimeSpan.FromSeconds(60), cancellationToken);
        var walMiB = FileMiB(Path.Combine(environment.DataDirectory, "gateway.db-wal"));
        context.Progress.Phase($"{Name}: stopping the gateway (SIGTERM; WAL {walMiB:0} MiB)");
        var stopping = Stopwatch.StartNew();
        await gateway.StopAsync();
        var stopped = stopping.Elapsed;
        var rows = QueueDepth.CountRows(Path.Combine(environment.DataDirectory, "gateway.db"));
        context.Progress.Line($"{Name}: gauge {gauge:N0}, {rows:N0} queued rows after a {stopped.TotalSeconds:0.0} s graceful stop");
        if (rows != deliveries)
            throw new InvalidOperationException($"the backlog is {rows:N0} queued deliveries, not {deliveries:N0}: the restart would not measure what it says (gauge {gauge:N0}); see {log}");
        return new RestartJudgement.Backlog(documents, codes.Count, deliveries, built.Total, built.FirstHalf, built.SecondHalf, gauge, rows, stopped,
            FileMiB(Path.Combine(environment.DataDirectory, "gateway.db")), walMiB);
    }

    private async Task<(GatewayProcess Gateway, RestartJudgement.Restart Result)> RestartAsync(
        ScenarioContext context, string executable, GatewayEnvironment environment, string log, string[] settings, LoadSystem recipient, string how,
        CancellationToken cancellationToken)
    {
        context.Progress.Phase($"{Name}: restarting after {how}");
        var (gateway, timing) = await StartupTimer.StartAsync(executable, environment.DataDirectory, environment.TrustAnchors, log, settings,
            recipient.Token, recipient.OrgCodes[0], cancellationToken);
        var result = new RestartJudgement.Restart(how, timing, StartupLog.Milestones(log), gateway.ResidentMiB() ?? 0);
        context.Progress.Line($"{Name}: restart after {how}: SERVING at {timing.Serving.TotalSeconds:0.000} s, first delivery at {timing.FirstDelivery.TotalSeconds:0.000} s " +
                              $"(log: {string.Join(", ", result.Milestones.Select(m => $"{m.Key} {m.Value:0.000}"))})");
        return (gateway, result);
    }

    private static double FileMiB(string path) => File.Exists(path) ? new FileInfo(path).Length / (double)(1 << 20) : 0;
}
