namespace Gateway.Store.Events;

/// <summary>One thing that happened to a document (see the events table in migration 3).</summary>
internal readonly record struct DocumentEvent(
    long DocumentSeq,
    long At,
    string Kind,
    string Org = "",
    string DeliveryId = "",
    int Attempt = 0,
    int Status = 0,
    string Detail = "");
