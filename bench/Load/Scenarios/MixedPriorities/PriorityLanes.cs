using Gateway.Load.Measurement;

namespace Gateway.Load.Scenarios.MixedPriorities;

/// <summary>
/// The lanes of a mixed-priorities run, each with a recorder of its own: the pre-queued backlog, the
/// normal documents sent during the run, and the flash documents. Lane <c>i</c>'s documents carry
/// client references numbered from <c>i × LaneSize</c>, so the recipients' Exchange streams (which see
/// only references) report each delivery to its own lane.
/// </summary>
internal sealed class PriorityLanes : IDeliveryObserver
{
    public const int Backlog = 0;
    public const int Normal = 1;
    public const int Flash = 2;
    public const long LaneSize = 1_000_000_000;

    private readonly RunRecorder[] _lanes = [new(tracksDelivery: true), new(tracksDelivery: true), new(tracksDelivery: true)];

    public RunRecorder this[int lane] => _lanes[lane];

    /// <summary>The first reference number of <paramref name="lane"/>'s documents.</summary>
    public static long FirstReference(int lane) => lane * LaneSize;

    /// <summary>Normal documents accepted and not yet acked: the backlog a flash document has to overtake.</summary>
    public long NormalOutstanding => _lanes[Backlog].Outstanding + _lanes[Normal].Outstanding;

    public void Delivered(long message)
    {
        if (Lane(message) is { } lane)
            _lanes[lane].Delivered(message % LaneSize);
    }

    public void Acked(long message)
    {
        if (Lane(message) is { } lane)
            _lanes[lane].Acked(message % LaneSize);
    }

    public void Failed(long message, string error)
    {
        if (Lane(message) is { } lane)
            _lanes[lane].Failed(message % LaneSize, error);
    }

    private int? Lane(long message) => message >= 0 && message / LaneSize < _lanes.Length ? (int)(message / LaneSize) : null;
}
