using System.Globalization;
using System.Text;
using Gateway.Load.Gateway;

namespace Gateway.Load.Scenarios.FanOut;

/// <summary>
/// The 10,000 recipients of fanout-10k: level-4 codes <c>CCC.BB.01.H50</c> (CCC 001-100, BB 00-99),
/// apart from every code <see cref="LoadOrganisations"/> hands out, imported with `gateway orgs import`
/// (which adds to the registry) into the data directory the environment prepared. No system serves
/// them: Send queues a delivery for any enabled code in the registry, connected or not, and the
/// deliveries wait in the recipients' queues as they would for agencies not online at that moment.
/// </summary>
internal static class FanOutRegistry
{
    public static IReadOnlyList<string> Codes(int count) =>
        [.. Enumerable.Range(0, count).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k / 100 + 1:000}.{k % 100:00}.01.H50"))];

    public static async Task ImportAsync(GatewayCommand gateway, string directory, string dataDirectory, IReadOnlyList<string> codes, CancellationToken cancellationToken)
    {
        if (codes.Count > 10_000)
            throw new ArgumentOutOfRangeException(nameof(codes), codes.Count, "the code scheme holds 10,000 codes");
        var csv = new StringBuilder("code,name,parent_code,enabled,aliases\n");
        for (var i = 0; i < codes.Count; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{codes[i]},Fan-out recipient {i + 1},,true,\n");
        var path = Path.Combine(directory, "fanout-orgs.csv");
        await File.WriteAllTextAsync(path, csv.ToString(), cancellationToken);
        await gateway.RunAsync(["orgs", "import", path, "--data", dataDirectory], cancellationToken);
    }
}
