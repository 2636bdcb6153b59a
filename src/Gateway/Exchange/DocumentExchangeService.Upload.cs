using Gateway.Exchange.Send;
using Gateway.Exchange.Upload;
using Gateway.Observability.Metrics;
using Gateway.Pipeline;
using Gateway.Protocol.V1;
using Gateway.Systems;
using Grpc.Core;

namespace Gateway.Exchange;

/// <summary>Upload: Send for payloads of any size, streamed to disk in chunks.</summary>
internal sealed partial class DocumentExchangeService
{
    /// <summary>
    /// Validates and verifies the signed header exactly as Send does, before any chunk is read, so a bad
    /// header fails fast; then streams the chunks to a temporary blob, hashing on the fly, and hands the document to
    /// the persist stage as Send does. The receipt is returned only once the payload, the document and
    /// its deliveries are durable. Size is bounded only by the disk; each chunk by the gRPC message
    /// limit (Limits:InlinePayloadBytes + 2 MiB).
    /// </summary>
    /// <remarks>
    /// A stream that ends early, passes header.payload.size, or whose bytes do not hash to
    /// header.payload.sha256 stores nothing (INVALID_ARGUMENT); neither does a cancelled call.
    /// </remarks>
    public override Task<SendResponse> Upload(IAsyncStreamReader<UploadRequest> requestStream, ServerCallContext context) =>
        CountingRefusals(UploadCore(requestStream, context), nameof(Upload));

    private async Task<SendResponse> UploadCore(IAsyncStreamReader<UploadRequest> requestStream, ServerCallContext context)
    {
        var clock = StageClock.Start();
        var caller = CallerContext.Get(context);
        var cancellationToken = context.CancellationToken;
        if (!await requestStream.MoveNext(cancellationToken))
            throw RpcErrors.InvalidArgument("header", "is missing: the stream ended before any message; send the signed header first, then the payload in chunks");
        if (requestStream.Current.PartCase != UploadRequest.PartOneofCase.Header)
            throw RpcErrors.InvalidArgument("header", "must come in the first message, before any chunk; nothing was stored");

        var now = time.GetUtcNow();
        var header = HeaderValidator.Validate(requestStream.Current.Header, now);
        caller.RequireOrg(header.Header.Sender, "send");
        metrics.Stage(SendStage.Validate, clock.Lap());
        var signer = await verify.VerifyAsync(requestStream.Current.Header, header.Header.Sender, now, cancellationToken);
        var targets = RecipientTargets.From(registry.ResolveMany(header.Recipients, now));
        metrics.Stage(SendStage.Verify, clock.Lap());

        // The stream's transfer is part of this stage: an upload's payload arrives while it is stored.
        await UploadReceiver.ReceiveAsync(requestStream, blobs, header.Header.Payload, cancellationToken);
        metrics.Stage(SendStage.StorePayload, clock.Lap());

        var pending = new PendingDocument(header, targets, caller.SystemName, signer);
        var receipt = await persist.SubmitAsync(pending, cancellationToken);
        metrics.Stage(SendStage.Persist, clock.Lap());
        metrics.Stage(SendStage.Total, clock.Total);
        return new SendResponse { Receipt = receipt };
    }
}
