using Gateway.Bench.Results;

namespace Gateway.Bench.Report.Analysis;

/// <summary>
/// The gateway against one peer at one concurrency of one scenario, both closed loop and from the
/// same run. <see cref="Ratio"/> is null when either side was not measured; <see cref="Reason"/> says why.
/// </summary>
internal sealed record PeerComparison(
    string Scenario,
    int Concurrency,
    SystemUnderTest Peer,
    LoadRun Gateway,
    LoadRun? PeerRun,
    double? Ratio,
    string Basis,
    string? Reason);

internal static class Comparisons
{
    /// <summary>
    /// Every gateway closed-loop run against each peer's run at the same scenario and concurrency.
    /// Both sides are compared on completed/s when both completed messages, otherwise on sent/s when
    /// both sent (e.g. an echo has nothing to deliver); the basis is written next to the ratio.
    /// </summary>
    public static IReadOnlyList<PeerComparison> Build(LoadView view)
    {
        var rows = new List<PeerComparison>();
        foreach (var scenario in view.Scenarios)
        {
            foreach (var gateway in view.MaxCurve(scenario, SystemUnderTest.Gateway))
            {
                foreach (var peer in Systems.Peers)
                {
                    var peerRun = view.MaxCurve(scenario, peer).FirstOrDefault(r => r.Concurrency == gateway.Concurrency);
                    rows.Add(Compare(view, scenario, gateway, peer, peerRun));
                }
            }
        }

        return rows;
    }

    private static PeerComparison Compare(LoadView view, string scenario, LoadRun gateway, SystemUnderTest peer, LoadRun? peerRun)
    {
        if (peerRun is null)
        {
            var reason = view.MaxCurve(scenario, peer).Count > 0
                ? $"{Systems.Name(peer)} was not run at concurrency {gateway.Concurrency} in {scenario}"
                : view.WhyNotMeasured(peer, scenario);
            return new(scenario, gateway.Concurrency, peer, gateway, null, null, "", reason);
        }

        if (gateway.Completed > 0 && peerRun.Completed > 0 && peerRun.CompletedPerSecond > 0)
            return new(scenario, gateway.Concurrency, peer, gateway, peerRun,
                gateway.CompletedPerSecond / peerRun.CompletedPerSecond, "completed/s", null);
        if (gateway.Sent > 0 && peerRun.Sent > 0 && peerRun.SentPerSecond > 0)
            return new(scenario, gateway.Concurrency, peer, gateway, peerRun,
                gateway.SentPerSecond / peerRun.SentPerSecond, "sent/s", null);
        return new(scenario, gateway.Concurrency, peer, gateway, peerRun, null, "",
            $"{Systems.Name(peer)} completed and sent nothing at concurrency {gateway.Concurrency}");
    }
}
