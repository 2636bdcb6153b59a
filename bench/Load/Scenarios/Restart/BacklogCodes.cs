using System.Globalization;
using System.Text;
using Gateway.Load.Gateway;

namespace Gateway.Load.Scenarios.Restart;

/// <summary>
/// The recipient codes of the backlog: the first is <see cref="LoadOrganisations.Recipient"/>(0, 0),
/// which the environment's one recipient system holds (it receives the first delivery after the
/// restart); the others, <c>CCC.BB.77.H50</c> (CCC = i / 100, BB = i % 100), are in the registry
/// with no system connected for them, so their deliveries stay queued.
/// </summary>
internal static class BacklogCodes
{
    public static IReadOnlyList<string> All(int count) =>
        [LoadOrganisations.Recipient(0, 0), .. Enumerable.Range(1, count - 1).Select(Unconnected)];

    private static string Unconnected(int i)
    {
        if (i is < 0 or > 99_999)
            throw new ArgumentOutOfRangeException(nameof(i), i, "at most 100,000 codes of this form");
        return string.Create(CultureInfo.InvariantCulture, $"{i / 100:000}.{i % 100:00}.77.H50");
    }

    /// <summary>The registry CSV of the unconnected codes (the environment imported the first).</summary>
    public static string Csv(IReadOnlyList<string> codes)
    {
        var csv = new StringBuilder("code,name,parent_code,enabled,aliases\n");
        foreach (var code in codes.Skip(1))
            csv.Append(CultureInfo.InvariantCulture, $"{code},Backlog recipient {code},,true,\n");
        return csv.ToString();
    }
}
