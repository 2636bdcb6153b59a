using Gateway.Exchange.Send;
using Gateway.Protocol.V1;
using Gateway.Signatures;

namespace Gateway.Pipeline;

/// <summary>
/// A document whose header and recipients were checked, waiting for the persist stage; its payload is
/// either already a durable blob file or, when small, carried here to be written in the same commit.
/// Its call awaits <see cref="Completion"/>: a receipt once committed, or the refusal.
/// </summary>
internal sealed class PendingDocument(
    ValidatedHeader header,
    IReadOnlyList<DeliveryTarget> targets,
    string submittedBy,
    VerifiedSender? signer,
    byte[]? smallPayload = null)
{
    public ValidatedHeader Header { get; } = header;

    public IReadOnlyList<DeliveryTarget> Targets { get; } = targets;

    public string SubmittedBy { get; } = submittedBy;

    /// <summary>The certificate whose signature the verify stage checked; null when unsigned and signatures are not required.</summary>
    public VerifiedSender? Signer { get; } = signer;

    /// <summary>
    /// The payload's bytes when they are stored in the database with the document (Store:SmallPayloadBytes);
    /// null when the payload is already a blob file.
    /// </summary>
    public byte[]? SmallPayload { get; } = smallPayload;

    /// <summary>Completed off the persist loop's thread, so a caller's continuation never stalls the stage.</summary>
    public TaskCompletionSource<Receipt> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
