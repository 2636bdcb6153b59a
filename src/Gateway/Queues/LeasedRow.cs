namespace Gateway.Queues;

/// <summary>A delivery row just leased, read inside the lease transaction and turned into a message after it. Priority is edXML 0-4.</summary>
internal sealed record LeasedRow(
    string DeliveryId,
    long DocumentSeq,
    long? StatusId,
    string Recipient,
    string Requested,
    long? RedirectEffectiveAt,
    int Attempt,
    long LeaseExpiresAt,
    int Priority);
