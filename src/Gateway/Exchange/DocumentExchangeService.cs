using Gateway.Configuration;
using Gateway.Exchange.Send;
using Gateway.Observability.Metrics;
using Gateway.Pipeline;
using Gateway.Protocol.V1;
using Gateway.Queues;
using Gateway.Registry;
using Gateway.Store.Blobs;
using Gateway.Store.Sqlite;
using Gateway.Systems;
using Gateway.Tracking;
using Grpc.Core;
using Microsoft.Extensions.Hosting;

namespace Gateway.Exchange;

/// <summary>
/// axis.v1.DocumentExchange, every method: Send, Upload, Exchange, Fetch, Pull, Ack, UpdateStatus and
/// GetTrace. Callers are authenticated before any method runs (Systems/BearerAuthInterceptor.cs).
/// </summary>
internal sealed partial class DocumentExchangeService(
    OrgRegistry registry,
    SqliteStore store,
    BlobStore blobs,
    VerifyStage verify,
    PersistStage persist,
    DeliveryQueue queue,
    SettleStage settle,
    DeliveryNotifier notifier,
    IHostApplicationLifetime lifetime,
    StatusReporter statuses,
    TraceReader traces,
    GatewayOptions options,
    GatewayMetrics metrics,
    TimeProvider time) : DocumentExchange.DocumentExchangeBase
{
    /// <summary>
    /// Validates the signed header and the payload, has the verify stage check the sender's signature,
    /// resolves the recipients, makes the payload durable, then waits for the persist stage to commit
    /// the document and its deliveries: the receipt is returned only once all of it is fsynced.
    /// </summary>
    public override Task<SendResponse> Send(SendRequest request, ServerCallContext context) =>
        CountingRefusals(SendCore(request, context), nameof(Send));

    /// <summary>The call's answer; a refusal is counted by status and method on its way to the caller.</summary>
    private async Task<SendResponse> CountingRefusals(Task<SendResponse> call, string method)
    {
        try
        {
            return await call;
        }
        catch (RpcException refusal)
        {
            metrics.Refused(refusal.StatusCode, method);
            throw;
        }
    }

    private async Task<SendResponse> SendCore(SendRequest request, ServerCallContext context)
    {
        var clock = StageClock.Start();
        var caller = CallerContext.Get(context);
        var now = time.GetUtcNow();
        var header = HeaderValidator.Validate(request.Header, now);
        caller.RequireOrg(header.Header.Sender, "send");
        var sha256 = PayloadCheck.Inline(request.Payload, header.Header.Payload, options.Limits.InlinePayloadBytes);
        metrics.Stage(SendStage.Validate, clock.Lap());
        var signer = await verify.VerifyAsync(request.Header, header.Header.Sender, now, context.CancellationToken);
        var targets = RecipientTargets.From(registry.ResolveMany(header.Recipients, now));
        metrics.Stage(SendStage.Verify, clock.Lap());

        // A small payload is written with its document in the persist stage's transaction; a larger one
        // is made a durable file first, so a committed document always has its payload.
        byte[]? smallPayload = null;
        if (request.Payload.Length <= options.Store.SmallPayloadBytes)
            smallPayload = request.Payload.ToByteArray();
        else
            await StorePayloadFileAsync(request.Payload.Memory, sha256, context.CancellationToken);

        metrics.Stage(SendStage.StorePayload, clock.Lap());
        var pending = new PendingDocument(header, targets, caller.SystemName, signer, smallPayload);
        var receipt = await persist.SubmitAsync(pending, context.CancellationToken);
        metrics.Stage(SendStage.Persist, clock.Lap());
        metrics.Stage(SendStage.Total, clock.Total);
        return new SendResponse { Receipt = receipt };
    }

    private async Task StorePayloadFileAsync(ReadOnlyMemory<byte> payload, byte[] sha256, CancellationToken cancellationToken)
    {
        try
        {
            await blobs.WriteAsync(payload, sha256, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw RpcErrors.Unavailable($"the payload could not be stored ({ex.Message.TrimEnd('.')}); nothing was stored, retry with the same client_reference");
        }
    }
}
