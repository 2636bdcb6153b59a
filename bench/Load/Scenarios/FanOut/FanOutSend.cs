using Gateway.Load.Gateway;

namespace Gateway.Load.Scenarios.FanOut;

/// <summary>
/// One timed fan-out Send: client-side seconds from the call's start to the receipt, the gateway's
/// stages, and the CPU time the gateway process used meanwhile (user + system, from /proc): on a
/// shared machine, wall time well above CPU time is time spent waiting for a core or the disk.
/// </summary>
internal sealed record FanOutSend(double Seconds, SendStages Stages, double GatewayCpuMs);
