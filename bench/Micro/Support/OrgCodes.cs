using Gateway.Protocol.Organizations;

namespace Gateway.Benchmarks.Support;

/// <summary>
/// Deterministic standard organisation codes (QĐ 20/2020, <c>CCC.BB.AA.Xnn</c>) shaped like the national
/// registry: level-1 units (ministries G01-G40, provinces H01-H63), then their level-2 units, then level-3
/// units under those, breadth first, so every code's parent comes before it.
/// </summary>
internal static class OrgCodes
{
    private const int MinistryCount = 40;
    private const int ProvinceCount = 63;
    private const int Level2PerUnit = 30;
    private const int Level3PerLevel2 = 99;

    /// <summary>The first <paramref name="count"/> codes with their parent (null for a level-1 unit); every code passes the strict parse.</summary>
    public static List<(string Code, string? Parent)> Generate(int count)
    {
        var units = new List<string>(MinistryCount + ProvinceCount);
        for (var g = 1; g <= MinistryCount; g++)
            units.Add($"G{g:00}");
        for (var h = 1; h <= ProvinceCount; h++)
            units.Add($"H{h:00}");

        var result = new List<(string Code, string? Parent)>(count);
        foreach (var unit in units)
        {
            if (!Add(result, count, $"000.00.00.{unit}"))
                return result;
        }

        foreach (var unit in units)
        {
            for (var aa = 1; aa <= Level2PerUnit; aa++)
            {
                if (!Add(result, count, $"000.00.{aa:00}.{unit}"))
                    return result;
            }
        }

        for (var bb = 1; bb <= Level3PerLevel2; bb++)
        {
            foreach (var unit in units)
            {
                for (var aa = 1; aa <= Level2PerUnit; aa++)
                {
                    if (!Add(result, count, $"000.{bb:00}.{aa:00}.{unit}"))
                        return result;
                }
            }
        }

        throw new ArgumentOutOfRangeException(nameof(count), count, $"the generator makes at most {result.Count} codes");
    }

    /// <summary><paramref name="count"/> distinct codes of <paramref name="codes"/> in a seeded random order.</summary>
    public static string[] Sample(IReadOnlyList<(string Code, string? Parent)> codes, int count, int seed)
    {
        var picked = new HashSet<int>();
        var random = new Random(seed);
        var result = new string[count];
        for (var i = 0; i < count; i++)
        {
            int index;
            do
                index = random.Next(codes.Count);
            while (!picked.Add(index));
            result[i] = codes[index].Code;
        }

        return result;
    }

    private static bool Add(List<(string Code, string? Parent)> result, int count, string text)
    {
        if (result.Count == count)
            return false;
        if (!OrgCode.TryParse(text, out var code))
            throw new InvalidOperationException($"the generator made '{text}', which is not a standard code");
        result.Add((text, code.Parent?.ToString()));
        return true;
    }
}
