using Gateway.Exchange.Send;
using Gateway.Protocol.V1;
using Gateway.Signatures;

namespace Gateway.Pipeline;

/// <summary>
/// A document whose payload is durable and whose header and recipients were checked, waiting for the
/// persist stage. Its call awaits <see cref="Completion"/>: a receipt once committed, or the refusal.
/// </summary>
internal sealed class PendingDocument(
    ValidatedHeader header,
    IReadOnlyList<DeliveryTarget> targets,
    string submittedBy,
    VerifiedSender? signer)
{
    public ValidatedHeader Header { get; } = header;

    public IReadOnlyList<DeliveryTarget> Targets { get; } = targets;

    public string SubmittedBy { get; } = submittedBy;

    /// <summary>The certificate whose signature the verify stage checked; null when unsigned and signatures are not required.</summary>
    public VerifiedSender? Signer { get; } = signer;

    /// <summary>Completed off the persist loop's thread, so a caller's continuation never stalls the stage.</summary>
    public TaskCompletionSource<Receipt> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
