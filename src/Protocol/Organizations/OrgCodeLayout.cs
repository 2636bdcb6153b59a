namespace Gateway.Protocol.Organizations;

/// <summary>
/// Where each part sits in the fixed 13-character standard form <c>CCC.BB.AA.Xnn</c>.
/// The text is written lowest level first, so level 2 (AA) sits right of level 3 (BB), and so on:
/// CCC (level 4) at 0-2, BB (level 3) at 4-5, AA (level 2) at 7-8, Xnn (the unit) at 10-12.
/// </summary>
internal static class OrgCodeLayout
{
    public const int Length = 13;
    public const int UnitStart = 10;
    public const int UnitLength = 3;

    /// <summary>The text of a level-1 unit with its unit symbol cut off: every lower level is zero.</summary>
    public const string Level1Prefix = "000.00.00.";

    /// <summary>Start of the segment that holds <paramref name="level"/> (2, 3 or 4).</summary>
    public static int Start(int level) => level switch
    {
        2 => 7,
        3 => 4,
        4 => 0,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Only levels 2-4 have a segment."),
    };

    /// <summary>Width of the segment that holds <paramref name="level"/>: CCC has 3 digits, BB and AA 2.</summary>
    public static int Width(int level) => level == 4 ? 3 : 2;

    /// <summary>The digits of <paramref name="level"/> (2, 3 or 4) within a standard code.</summary>
    public static ReadOnlySpan<char> Segment(ReadOnlySpan<char> code, int level) =>
        code.Slice(Start(level), Width(level));

    /// <summary>
    /// The depth of the deepest non-zero segment; 1 when every lower level is zero. Plain character
    /// tests: on a 2- or 3-character slice they beat any vectorised search, and routing calls this a lot.
    /// </summary>
    public static int Level(ReadOnlySpan<char> code)
    {
        if (code[0] != '0' || code[1] != '0' || code[2] != '0')
        {
            return 4;
        }

        if (code[4] != '0' || code[5] != '0')
        {
            return 3;
        }

        return code[7] != '0' || code[8] != '0' ? 2 : 1;
    }

    /// <summary>
    /// True when <paramref name="a"/> and <paramref name="b"/> have the same unit and the same segments
    /// for levels 2 to <paramref name="depth"/> (levels below that are not compared).
    /// </summary>
    public static bool SamePrefix(ReadOnlySpan<char> a, ReadOnlySpan<char> b, int depth)
    {
        if (a[10] != b[10] || a[11] != b[11] || a[12] != b[12])
        {
            return false;
        }

        if (depth >= 2 && (a[7] != b[7] || a[8] != b[8]))
        {
            return false;
        }

        if (depth >= 3 && (a[4] != b[4] || a[5] != b[5]))
        {
            return false;
        }

        return depth < 4 || (a[0] == b[0] && a[1] == b[1] && a[2] == b[2]);
    }
}
