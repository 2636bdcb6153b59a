using Gateway.Exchange.Send;
using Gateway.Protocol.V1;

namespace Gateway.Pipeline;

/// <summary>
/// A document whose payload is durable and whose header and recipients were checked, waiting for the
/// persist stage. Its call awaits <see cref="Completion"/>: a receipt once committed, or the refusal.
/// </summary>
internal sealed class PendingDocument(
    ValidatedHeader header,
    IReadOnlyList<DeliveryTarget> targets,
    string submittedBy,
    bool signatureChecked)
{
    public ValidatedHeader Header { get; } = header;

    public IReadOnlyList<DeliveryTarget> Targets { get; } = targets;

    public string SubmittedBy { get; } = submittedBy;

    public bool SignatureChecked { get; } = signatureChecked;

    /// <summary>Completed off the persist loop's thread, so a caller's continuation never stalls the stage.</summary>
    public TaskCompletionSource<Receipt> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
