namespace Gateway.DeadLetters;

/// <summary>A delivery in the dead-letter queue (state 3), as `gateway dead-letters list` shows it.</summary>
/// <param name="DeliveryId">The stable delivery id, kept by a replay.</param>
/// <param name="DocumentId">The document it carries, or the document a status notice is about.</param>
/// <param name="IsStatus">True for a status notice, false for a document.</param>
/// <param name="Recipient">The organisation it was for.</param>
/// <param name="Requested">The code the sender wrote (differs from the recipient after a succession).</param>
/// <param name="Attempts">Delivery attempts made before it was dead-lettered.</param>
/// <param name="Reason">Why: <c>max_attempts: …</c>, <c>expired: …</c>, <c>rejected by …</c>, <c>duplicate after succession: …</c>.</param>
/// <param name="DeadLetteredAt">When it was dead-lettered.</param>
internal sealed record DeadLetter(
    string DeliveryId,
    string DocumentId,
    bool IsStatus,
    string Recipient,
    string Requested,
    int Attempts,
    string Reason,
    DateTimeOffset DeadLetteredAt);

/// <summary>
/// One page of dead letters, oldest first. <see cref="Next"/> is the last delivery id of the page when
/// more follow (pass it as <c>after</c> for the next page), otherwise null.
/// </summary>
internal sealed record DeadLetterPage(IReadOnlyList<DeadLetter> Items, string? Next);

/// <summary>What a replay by recipient did: how many it offered again and how many it left because their document expired.</summary>
internal readonly record struct ReplayOutcome(int Replayed, int SkippedExpired);
