using System.Threading.Channels;
using Gateway.Configuration;
using Gateway.Crypto.Signatures;
using Gateway.Protocol.V1;
using Gateway.Signatures;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Gateway.Pipeline;

/// <summary>
/// The verification stage: a bounded channel (FullMode=Wait, so senders wait when verification
/// falls behind) read by Signatures:VerifyWorkers parallel workers. Each item fails or succeeds on
/// its own; a refused signature never stops a worker.
/// </summary>
internal sealed class VerifyStage : IAsyncDisposable
{
    private readonly Channel<Item> _channel;
    private readonly SenderVerifier _verifier;
    private readonly ILogger<VerifyStage> _logger;
    private readonly Task[] _workers;

    public VerifyStage(SenderVerifier verifier, SignaturesOptions options, ILogger<VerifyStage> logger)
    {
        _verifier = verifier;
        _logger = logger;
        Capacity = options.VerifyQueue;
        _channel = Channel.CreateBounded<Item>(new BoundedChannelOptions(options.VerifyQueue)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = options.VerifyWorkers == 1,
            SingleWriter = false,
        });
        _workers = Enumerable.Range(0, options.VerifyWorkers).Select(_ => Task.Run(RunAsync)).ToArray();
    }

    /// <summary>
    /// The verified signer (null: unsigned and not required), or an <see cref="RpcException"/> with
    /// the status for the refusal (see <see cref="SignatureErrors"/>).
    /// </summary>
    public async Task<VerifiedSender?> VerifyAsync(SignedHeader header, string sender, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var item = new Item(header, sender, at, cancellationToken);
        await _channel.Writer.WriteAsync(item, cancellationToken);
        return await item.Completion.Task;
    }

    private async Task RunAsync()
    {
        await foreach (var item in _channel.Reader.ReadAllAsync())
        {
            try
            {
                item.Completion.TrySetResult(await _verifier.VerifyAsync(item.Header, item.Sender, item.At, item.CancellationToken));
            }
            catch (SignatureException refusal)
            {
                var status = SignatureErrors.ToRpc(refusal);
                SignaturesLog.Refused(_logger, item.Sender, SignatureErrors.Name(refusal.Failure), status.Status.Detail);
                item.Completion.TrySetException(status);
            }
            catch (OperationCanceledException) when (item.CancellationToken.IsCancellationRequested)
            {
                item.Completion.TrySetCanceled(item.CancellationToken);
            }
            catch (Exception ex)
            {
                // A fault of the gateway, not of the caller's bytes: say so, and keep the worker alive.
                PipelineLog.VerifyFailed(_logger, item.Sender, ex);
                item.Completion.TrySetException(new RpcException(new Status(StatusCode.Internal, $"header.signature: could not be verified ({ex.GetType().Name}); retry later")));
            }
        }
    }

    /// <summary>Documents waiting in the channel now (for the occupancy gauge).</summary>
    public int Queued => _channel.Reader.Count;

    /// <summary>The channel's bound.</summary>
    public int Capacity { get; }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        await Task.WhenAll(_workers);
    }

    private sealed record Item(SignedHeader Header, string Sender, DateTimeOffset At, CancellationToken CancellationToken)
    {
        public TaskCompletionSource<VerifiedSender?> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
