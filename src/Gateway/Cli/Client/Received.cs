namespace Gateway.Cli.Client;

/// <summary>What became of one delivery in `gateway receive`, reported once its settlement is recorded.</summary>
internal enum ReceivedKind
{
    /// <summary>A document written to the inbox and acknowledged.</summary>
    Document,

    /// <summary>A document already complete in the inbox (a redelivery), acknowledged again without rewriting.</summary>
    DocumentAgain,

    /// <summary>A status notice recorded (or already recorded) and acknowledged.</summary>
    Status,

    /// <summary>A delivery that could not be stored here; nacked, so the gateway offers it again later.</summary>
    Nacked,
}

/// <summary>One delivery's outcome, with what the output needs to say about it.</summary>
/// <param name="Size">Bytes written: for a decrypted payload, the plaintext's.</param>
/// <param name="DecryptedWith">For an encrypted payload, the certificate that opened it ("CN=… (serial …)").</param>
internal sealed record Received(
    ReceivedKind Kind,
    string DeliveryId,
    string Recipient,
    string DocumentId,
    string? Sender = null,
    string? Path = null,
    long Size = 0,
    Protocol.V1.StatusNotice? Status = null,
    string? Reason = null,
    string? DecryptedWith = null);

/// <summary>Counts for the summary line of `gateway receive --once`.</summary>
internal sealed class ReceiveTotals
{
    public int Documents { get; set; }

    public int AlreadyPresent { get; set; }

    public int Statuses { get; set; }

    public int Nacked { get; set; }

    public int NotApplied { get; set; }

    public void Count(Received received)
    {
        switch (received.Kind)
        {
            case ReceivedKind.Document:
                Documents++;
                break;
            case ReceivedKind.DocumentAgain:
                AlreadyPresent++;
                break;
            case ReceivedKind.Status:
                Statuses++;
                break;
            default:
                Nacked++;
                break;
        }
    }
}
