using System.Globalization;
using Gateway.Load.Gateway;
using Gateway.Load.Measurement;
using Gateway.Load.Processes;
using Gateway.Load.Targets.Gateway;
using Gateway.Protocol.V1;

namespace Gateway.Load.Scenarios.MixedPriorities;

/// <summary>
/// The gateway of a mixed-priorities run: prepared and started as for steady-4k (its own CLI, default
/// settings), with N sender and M recipient systems; signs each lane's documents before the clock runs
/// and opens the recipients' Exchange streams when asked (not before: the backlog is queued first).
/// </summary>
internal sealed class MixedGateway : IAsyncDisposable
{
    private readonly GatewayEnvironment _environment;
    private readonly GatewayProcess _process;
    private readonly string _keyType;

    private MixedGateway(GatewayEnvironment environment, GatewayProcess process, string keyType)
    {
        _environment = environment;
        _process = process;
        _keyType = keyType;
        Senders = new GatewayClients(process.Address, environment.Senders);
        Recipients = new GatewayClients(process.Address, environment.Recipients);
    }

    public GatewayClients Senders { get; }
    public GatewayClients Recipients { get; }
    public GatewayProcess Process => _process;

    /// <summary>Recipient j's code (one per recipient system).</summary>
    public IReadOnlyList<string> RecipientCodes => [.. _environment.Recipients.Select(r => r.OrgCodes[0])];

    public string Setup =>
        $"gateway run (Release) on 127.0.0.1 h2c, default settings (SQLite WAL synchronous=FULL, Pipeline:CommitBatch 256, Receipts:BatchWindow 2 ms); " +
        $"signatures required ({_keyType} sender keys); {Senders.Count} sender systems calling Send, {Recipients.Count} recipient systems on Exchange streams ACKing each delivery. " +
        $"Log: {_process.LogPath}";

    public static async Task<MixedGateway> StartAsync(ScenarioContext context, string scenario, CancellationToken cancellationToken)
    {
        var settings = context.Settings;
        var directory = context.Directory(scenario);
        var environment = await GatewayEnvironment.PrepareAsync(context.GatewayCli(scenario), directory, settings.Senders, settings.Recipients, runs: 1,
            settings.PkiKeyType, text => context.Progress.Phase($"{scenario}: {text}"), cancellationToken);
        try
        {
            context.Progress.Phase($"{scenario}: starting `gateway run`");
            // A metrics listener of its own: the default port would clash with any other gateway on the machine.
            string[] extra = [$"--Metrics:Endpoint=127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}"];
            var process = await GatewayProcess.StartAsync(settings.GatewayPath, environment.DataDirectory, environment.TrustAnchors,
                Path.Combine(directory, "gateway.log"), extra, cancellationToken);
            return new MixedGateway(environment, process, settings.PkiKeyType);
        }
        catch
        {
            await environment.DisposeAsync();
            throw;
        }
    }

    /// <summary>Signs <paramref name="count"/> documents of one lane, spread over the senders and recipients as steady-4k does.</summary>
    public Task<SendRequest[]> SignAsync(int lane, long count, Priority priority, Action<long> progress, CancellationToken cancellationToken)
    {
        var signers = Enumerable.Range(0, _environment.Senders.Count)
            .Select(i => (LoadOrganisations.Sender(i), _environment.SignerCertificate(i), _environment.SignerKey(i)))
            .ToList();
        var factory = new DocumentFactory(signers, Steady.SteadyScenario.MessageBytes, priority, PriorityLanes.FirstReference(lane));
        return Task.Run(() => factory.Build(run: 0, count, RecipientCodes, progress, cancellationToken), cancellationToken);
    }

    /// <summary>One Exchange stream per recipient system, subscribed for its code, reporting to <paramref name="observer"/>.</summary>
    public async Task<List<ExchangeReceiver>> OpenReceiversAsync(uint credits, IDeliveryObserver observer, CancellationToken cancellationToken)
    {
        var receivers = new List<ExchangeReceiver>();
        try
        {
            for (var j = 0; j < Recipients.Count; j++)
                receivers.Add(await ExchangeReceiver.OpenAsync(Recipients.Client(j), Recipients.Credentials(j), RecipientCodes[j], credits, observer, cancellationToken));
        }
        catch
        {
            foreach (var receiver in receivers)
                await receiver.DisposeAsync();
            throw;
        }

        return receivers;
    }

    public async ValueTask DisposeAsync()
    {
        Senders.Dispose();
        Recipients.Dispose();
        await _process.DisposeAsync();
        await _environment.DisposeAsync();
    }
}
