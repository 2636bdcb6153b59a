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
/// upload and fetch MB/s and the gateway's peak RSS growth over both.
/// </summary>
internal sealed class UploadScenario : IScenario
{
    private const long FullBytes = 1L << 30;
    private const long QuickBytes = 256L << 20;

    /// <summary>Room for the database, logs and the file system's own needs beyond the payload's blob.</summary>
    private const long DiskHeadroomBytes = 1L << 30;

    public string Name => "upload-1g";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var size = context.Settings.Quick ? QuickBytes : FullBytes;
        var directory = context.Directory(Name);
        DiskSpace.Require(directory, size + DiskHeadroomBytes, $"a {size >> 20} MiB payload stored by the gateway");

        var cli = context.GatewayCli(Name);
        await using var environment = await GatewayEnvironment.PrepareAsync(
            cli, directory, senders: 1, recipients: 1, runs: 1, context.Settings.PkiKeyType, text => context.Progress.Phase($"{Name}: {text}"), cancellationToken);

        var content = new PatternContent(size, seed: 0x5EED_1A46E_D0C);
        context.Progress.Phase($"{Name}: hashing {size >> 20} MiB of generated content (not timed)");
        var sha256 = await Task.Run(() => content.Sha256(LargeUpload.ChunkBytes,
            done => context.Progress.Phase($"{Name}: hashed {done >> 20} of {size >> 20} MiB (not timed)"), cancellationToken), cancellationToken);
        var sender = LoadOrganisations.Sender(0);
        var recipient = LoadOrganisations.Recipient(0, 0);
        var header = LargeDocument.Sign(environment.SignerCertificate(0), environment.SignerKey(0), sender, recipient, "load-upload-1", sha256, size);

        context.Progress.Phase($"{Name}: starting `gateway run`");
        // No size setting to raise: Upload takes any size the disk holds; each chunk is bounded by
        // Limits:InlinePayloadBytes + 2 MiB (6 MiB by default), and the chunks here are 1 MiB.
        string[] settings = [$"--Metrics:Endpoint=127.0.0.1:{FreePort.Next().ToString(CultureInfo.InvariantCulture)}"];
        await using var gateway = await GatewayProcess.StartAsync(cli.Executable, environment.DataDirectory, environment.TrustAnchors,
            Path.Combine(directory, "gateway.log"), settings, cancellationToken);

        using var senderChannel = Channel(gateway);
        using var recipientChannel = Channel(gateway);
        var senderClient = new DocumentExchange.DocumentExchangeClient(senderChannel);
        var recipientClient = new DocumentExchange.DocumentExchangeClient(recipientChannel);
        var senderCredentials = Bearer(environment.Senders[0].Token);
        var recipientCredentials = Bearer(environment.Recipients[0].Token);

        var baseline = gateway.ResidentMiB() ?? 0;
        await using var overall = gateway.SampleRss();

        context.Progress.Phase($"{Name}: uploading {size >> 20} MiB");
        Receipt receipt;
        TimeSpan uploadTime;
        double uploadGrowth;
        await using (var uploadRss = gateway.SampleRss())
        {
            (receipt, uploadTime) = await LargeUpload.RunAsync(senderClient, senderCredentials, header, content,
                sent => context.Progress.Phase($"{Name}: uploaded {sent >> 20} of {size >> 20} MiB"), cancellationToken);
            uploadGrowth = uploadRss.PeakGrowthMiB;
        }

        context.Progress.Line($"{Name}: upload of {size >> 20} MiB took {uploadTime.TotalSeconds:0.00} s ({UploadJudgement.MBps(size, uploadTime):0.0} MB/s); document {receipt.DocumentId}");

        var delivery = await LargeFetch.PullAsync(recipientClient, recipientCredentials, recipient, receipt.DocumentId, cancellationToken);
        context.Progress.Phase($"{Name}: fetching {size >> 20} MiB");
        LargeFetch.Result fetched;
        double fetchGrowth;
        await using (var fetchRss = gateway.SampleRss())
        {
            fetched = await LargeFetch.FetchAsync(recipientClient, recipientCredentials, delivery.Document, size, sha256,
                done => context.Progress.Phase($"{Name}: fetched {done >> 20} of {size >> 20} MiB"), cancellationToken);
            fetchGrowth = fetchRss.PeakGrowthMiB;
        }

        var peakGrowth = overall.PeakGrowthMiB;
        context.Progress.Line($"{Name}: fetch of {size >> 20} MiB took {fetched.Elapsed.TotalSeconds:0.00} s ({UploadJudgement.MBps(size, fetched.Elapsed):0.0} MB/s), SHA-256 matched; gateway RSS +{peakGrowth:0.0} MiB at peak over {baseline:0} MiB");
        await LargeFetch.AckAsync(recipientClient, recipientCredentials, delivery, cancellationToken);

        var measured = new UploadJudgement.Measured(size, uploadTime, fetched.Elapsed, fetched.Messages, baseline, peakGrowth,
            uploadGrowth, fetchGrowth, gateway.ResidentMiB() ?? 0,
            $"gateway run (Release) with default settings, signatures required ({context.Settings.PkiKeyType}), SQLite WAL synchronous=FULL. Log: {gateway.LogPath}");
        context.Results.Scenarios.AddRange(UploadJudgement.Scenarios(Name, measured));
        context.Results.Targets.AddRange(UploadJudgement.Targets(Name, measured));
        await gateway.StopAsync();
    }

    private static GrpcChannel Channel(GatewayProcess gateway) => GrpcChannel.ForAddress(gateway.Address, new GrpcChannelOptions
    {
        HttpHandler = new SocketsHttpHandler(),
        MaxReceiveMessageSize = 8 << 20,
    });

    private static Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };
}
