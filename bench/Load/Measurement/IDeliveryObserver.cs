namespace Gateway.Load.Measurement;

/// <summary>
/// What a receiving side reports about the messages it sees, by message number: a <see cref="RunRecorder"/>,
/// or something that routes each message to one of several recorders (e.g. one per priority lane).
/// </summary>
internal interface IDeliveryObserver
{
    /// <summary>The message arrived at its recipient.</summary>
    void Delivered(long message);

    /// <summary>The recipient's acknowledgement of the message was accepted.</summary>
    void Acked(long message);

    /// <summary>The message's delivery or settlement failed.</summary>
    void Failed(long message, string error);
}
