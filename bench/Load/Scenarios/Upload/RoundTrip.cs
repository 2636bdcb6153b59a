using Gateway.Load.Gateway;
using Gateway.Protocol.V1;
using Grpc.Core;

namespace Gateway.Load.Scenarios.Upload;

/// <summary>
/// One large document there and back: the sender uploads it, the recipient pulls its delivery,
/// fetches the payload (SHA-256 checked) and ACKs it. Each transfer is metered (<see cref="PhaseMeter"/>),
/// and the gateway's own send stages are read around the upload.
/// </summary>
internal sealed class RoundTrip(
    GatewayProcess gateway, Uri metrics, DocumentExchange.DocumentExchangeClient sender, Metadata senderCredentials,
    DocumentExchange.DocumentExchangeClient recipient, Metadata recipientCredentials, string recipientCode)
{
    public sealed record Result(
        TimeSpan Upload, TimeSpan AfterLastChunk, PhaseMeter.Cost UploadCost, SendStages Stages, LargeFetch.Result Fetch, PhaseMeter.Cost FetchCost);

    public async Task<Result> RunAsync(SignedHeader header, PatternContent content, byte[] sha256, Action<string> progress, CancellationToken cancellationToken)
    {
        var mib = content.Size >> 20;
        progress($"uploading {mib} MiB");
        using var scrape = new MetricsScrape(metrics);
        var stagesBefore = await scrape.ReadAsync(cancellationToken);
        Receipt receipt;
        TimeSpan upload, afterLastChunk;
        PhaseMeter.Cost uploadCost;
        await using (var meter = await PhaseMeter.StartAsync(gateway, metrics, cancellationToken))
        {
            (receipt, upload, afterLastChunk) = await LargeUpload.RunAsync(sender, senderCredentials, header, content,
                sent => progress($"uploaded {sent >> 20} of {mib} MiB"), cancellationToken);
            uploadCost = await meter.FinishAsync(cancellationToken);
        }

        var stages = SendStages.Between(stagesBefore, await scrape.ReadAsync(cancellationToken));
        var delivery = await LargeFetch.PullAsync(recipient, recipientCredentials, recipientCode, receipt.DocumentId, cancellationToken);
        progress($"fetching {mib} MiB");
        LargeFetch.Result fetched;
        PhaseMeter.Cost fetchCost;
        await using (var meter = await PhaseMeter.StartAsync(gateway, metrics, cancellationToken))
        {
            fetched = await LargeFetch.FetchAsync(recipient, recipientCredentials, delivery.Document, content.Size, sha256,
                done => progress($"fetched {done >> 20} of {mib} MiB"), cancellationToken);
            fetchCost = await meter.FinishAsync(cancellationToken);
        }

        await LargeFetch.AckAsync(recipient, recipientCredentials, delivery, cancellationToken);
        return new Result(upload, afterLastChunk, uploadCost, stages, fetched, fetchCost);
    }
}
