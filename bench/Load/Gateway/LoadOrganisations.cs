using System.Globalization;
using System.Text;

namespace Gateway.Load.Gateway;

/// <summary>
/// The organisation codes a load run uses: sender i is 000.00.(i+1).G22; recipient j of run r is
/// 000.(r+1).(j+1).H41. Each run gets recipient codes of its own so a backlog one run leaves behind
/// (a system that delivered slower than it accepted) sits in queues no later run subscribes to.
/// </summary>
internal static class LoadOrganisations
{
    public static string Sender(int index) => $"000.00.{Two(index + 1)}.G22";

    public static string Recipient(int run, int index) => $"000.{Two(run + 1)}.{Two(index + 1)}.H41";

    /// <summary>The registry CSV (tests/data/orgs-sample.csv's format) with every code of the plan.</summary>
    public static string Csv(int senders, int recipients, int runs)
    {
        var csv = new StringBuilder("code,name,parent_code,enabled,aliases\n");
        for (var i = 0; i < senders; i++)
            csv.Append(CultureInfo.InvariantCulture, $"{Sender(i)},Load sender {i + 1},,true,\n");
        for (var r = 0; r < runs; r++)
        {
            for (var j = 0; j < recipients; j++)
                csv.Append(CultureInfo.InvariantCulture, $"{Recipient(r, j)},Load recipient {j + 1} of run {r + 1},,true,\n");
        }

        return csv.ToString();
    }

    private static string Two(int value)
    {
        if (value is < 1 or > 99)
            throw new ArgumentOutOfRangeException(nameof(value), value, "organisation code segments hold 01-99 here: use fewer senders, recipients or runs");
        return value.ToString("00", CultureInfo.InvariantCulture);
    }
}
