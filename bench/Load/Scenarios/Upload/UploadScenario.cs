using System.Globalization;
using Gateway.Load.Gateway;
using Gateway.Load.Processes;
using Gateway.Protocol.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Gateway.Load.Scenarios.Upload;

/// <summary>
/// upload-1g: one signed document of 1 GiB (256 MiB with --quick) uploaded by a sender system with
/// the Upload client stream and fetched back by its recipient system with the Fetch server stream,
/// the bytes proven by SHA-256 at both ends, against a gateway with its default settings. Measures
/// upload and fetch MB/s and the gateway's peak RSS growth over both. An 8 MiB round trip first, not
/// timed, so the first signature check's CRL fetch and the JIT are not counted in the large one.
/// </summary>
internal sealed class UploadScenario : IScenario
{
    private const long FullBytes = 1L << 30;
    private const long QuickBytes = 256L << 20;
    /// <summary>Over Limits:InlinePayloadBytes (4 MiB), so it is fetched as the large one is.</summary>
    private const long WarmUpBytes = 8L << 20;

    /// <summary>Room for the database, logs and the file system's own needs beyond the payload's blob.</summary>
    private const long DiskHeadroomBytes = 1L << 30;

    public string Name => "upload-1g";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var size = context.Settings.Quick ? QuickBytes : FullBytes;
        var directory = context.Directory(Name);
        DiskSpace.Require(directory, size + WarmUpBytes + DiskHeadroomBytes, $"a {size >> 20} MiB payload stored by the gateway");

        var cli = context.GatewayCli(Name);
        await using var environment = await GatewayEnvironment.PrepareAsync(
            cli, directory, senders: 1, recipients: 1, runs: 1, context.Settings.PkiKeyType, text => context.Progress.Phase($"{Name}: {text}"), cancellationToken);
        var recipient = LoadOrganisations.Recipient(0, 0);
        var (warmUp, warmUpSha256, warmUpHeader) = Prepare(context, environment, WarmUpBytes, seed: 1, "load-upload-warm-up", recipient, cancellationToken);
        var (content, sha256, header) = Prepare(context, environment, size, seed: 0x5EED_1A46E_D0C, "load-upload-1", recipient, cancellationToken);

        context.Progress.Phase($"{Name}: starting `gateway run`");
        // No size setting to raise: Upload takes any size the disk holds; each chunk is bounded by
        // Limits:InlinePayloadBytes + 2 MiB (6 MiB by default), and the chunks here are 1 MiB.
        var metricsPort = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var metrics = new Uri($"http://127.0.0.1:{metricsPort}/metrics");
        await using var gateway = await GatewayProcess.StartAsync(cli.Executable, environment.DataDirectory, environment.TrustAnchors,
            Path.Combine(directory, "gateway.log"), [$"--Metrics:Endpoint=127.0.0.1:{metricsPort}"], cancellationToken);

        using var senderChannel = Channel(gateway);
        using var recipientChannel = Channel(gateway);
        var roundTrip = new RoundTrip(gateway, metrics,
            new DocumentExchange.DocumentExchangeClient(senderChannel), Bearer(environment.Senders[0].Token),
            new DocumentExchange.DocumentExchangeClient(recipientChannel), Bearer(environment.Recipients[0].Token), recipient);

        await roundTrip.RunAsync(warmUpHeader, warmUp, warmUpSha256, text => context.Progress.Phase($"{Name}: warm-up: {text}"), cancellationToken);

        var baseline = gateway.ResidentMiB() ?? 0;
        RoundTrip.Result result;
        double peakGrowth;
        await using (var overall = gateway.SampleRss())
        {
            result = await roundTrip.RunAsync(header, content, sha256, text => context.Progress.Phase($"{Name}: {text}"), cancellationToken);
            peakGrowth = overall.PeakGrowthMiB;
        }

        var measured = new UploadJudgement.Measured(size, result, baseline, peakGrowth, gateway.ResidentMiB() ?? 0,
            $"gateway run (Release) with default settings, signatures required ({context.Settings.PkiKeyType}), SQLite WAL synchronous=FULL. Log: {gateway.LogPath}");
        foreach (var line in UploadJudgement.Summary(Name, measured))
            context.Progress.Line(line);
        context.Results.Scenarios.AddRange(UploadJudgement.Scenarios(Name, measured));
        context.Results.Targets.AddRange(UploadJudgement.Targets(Name, measured));
        await gateway.StopAsync();
    }

    /// <summary>The content, its SHA-256 (one pass over it, not timed) and the header signed over that.</summary>
    private (PatternContent Content, byte[] Sha256, SignedHeader Header) Prepare(
        ScenarioContext context, GatewayEnvironment environment, long size, ulong seed, string reference, string recipient, CancellationToken cancellationToken)
    {
        var content = new PatternContent(size, seed);
        context.Progress.Phase($"{Name}: hashing {size >> 20} MiB of generated content (not timed)");
        var sha256 = content.Sha256(LargeUpload.ChunkBytes,
            done => context.Progress.Phase($"{Name}: hashed {done >> 20} of {size >> 20} MiB (not timed)"), cancellationToken);
        var header = LargeDocument.Sign(environment.SignerCertificate(0), environment.SignerKey(0), LoadOrganisations.Sender(0), recipient, reference, sha256, size);
        return (content, sha256, header);
    }

    private static GrpcChannel Channel(GatewayProcess gateway) => GrpcChannel.ForAddress(gateway.Address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler(),
        MaxReceiveMessageSize = 8 << 20,
    });

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };
}
