namespace Gateway.Protocol.Organizations;

/// <summary>
/// The shape rules behind <see cref="OrgCodeParser"/>. Inputs here have already passed the envelope
/// checks: at most <see cref="OrgCode.MaxLength"/> characters from the allowed alphabet and no empty
/// segment, so simple loops over at most 64 characters are cheap enough for this slow path.
/// </summary>
internal static class OrgCodeShapes
{
    private const string PlatformPrefix = "vxp.";

    /// <summary>
    /// The shape of <c>CCC.BB.AA.Xnn</c> with a mistake somewhere: four segments, and either the first
    /// three are all digits (<c>000.00.0.G22</c>, <c>000.00.00.g22</c>), or each of them holds a digit and
    /// the fourth is one letter followed by digits (<c>000.0O.00.G22</c>, a letter O for a zero).
    /// </summary>
    public static bool LooksStandard(ReadOnlySpan<char> s)
    {
        if (CountSegments(s) != 4)
        {
            return false;
        }

        var allNumeric = true;
        var allHaveDigit = true;
        for (var n = 1; n <= 3; n++)
        {
            var segment = GetSegment(s, n, out _);
            allNumeric &= IsAllDigits(segment);
            allHaveDigit &= Contains(segment, char.IsAsciiDigit);
        }

        var unit = GetSegment(s, 4, out _);
        var unitShaped = unit.Length >= 2 && char.IsAsciiLetter(unit[0]) && IsAllDigits(unit[1..]);
        return allNumeric || (allHaveDigit && unitShaped);
    }

    /// <summary>The first thing, left to right, that keeps <paramref name="s"/> from being <c>CCC.BB.AA.Xnn</c>.</summary>
    public static OrgCodeFailure DiagnoseStandard(ReadOnlySpan<char> s)
    {
        var count = CountSegments(s);
        if (count != 4)
        {
            return new OrgCodeFailure(OrgCodeError.SegmentCount, Length: count);
        }

        for (var n = 1; n <= 3; n++)
        {
            var segment = GetSegment(s, n, out var start);
            if (segment.Length != (n == 1 ? 3 : 2) || !IsAllDigits(segment))
            {
                return new OrgCodeFailure(OrgCodeError.SegmentFormat, Segment: n, Start: start, Length: segment.Length);
            }
        }

        var unit = GetSegment(s, 4, out var unitStart);
        if (!char.IsAsciiLetterUpper(unit[0]))
        {
            return new OrgCodeFailure(OrgCodeError.UnitLetter, Segment: 4, Start: unitStart, Length: unit.Length);
        }

        // Only the two digits after the letter can still be wrong; otherwise IsStandard would have matched.
        return new OrgCodeFailure(OrgCodeError.UnitNumber, Segment: 4, Start: unitStart, Length: unit.Length);
    }

    /// <summary>The most specific non-standard kind whose shape <paramref name="s"/> has; <see cref="OrgCodeKind.Legacy"/> otherwise.</summary>
    public static OrgCodeKind ClassifyTolerant(ReadOnlySpan<char> s)
    {
        if (IsNumericCenter(s) || IsPlatformId(s))
        {
            return OrgCodeKind.CenterId;
        }

        return IsShort(s) ? OrgCodeKind.ShortCode : OrgCodeKind.Legacy;
    }

    /// <summary>Tolerant forms are free-form, but a segment of only '-' or '_' is noise, not a name.</summary>
    public static OrgCodeFailure CheckSegmentsHaveAlphanumeric(ReadOnlySpan<char> s)
    {
        var count = CountSegments(s);
        for (var n = 1; n <= count; n++)
        {
            var segment = GetSegment(s, n, out var start);
            if (!Contains(segment, char.IsAsciiDigit) && !Contains(segment, char.IsAsciiLetter))
            {
                return new OrgCodeFailure(OrgCodeError.SegmentWithoutAlphanumeric, Segment: n, Start: start, Length: segment.Length);
            }
        }

        return default;
    }

    public static int CountSegments(ReadOnlySpan<char> s) => s.Count('.') + 1;

    /// <summary>Segment <paramref name="number"/> (1-based, left to right); empty when there are fewer.</summary>
    public static ReadOnlySpan<char> GetSegment(ReadOnlySpan<char> s, int number, out int start)
    {
        start = 0;
        for (var n = 1; n < number; n++)
        {
            var dot = s[start..].IndexOf('.');
            if (dot < 0)
            {
                start = s.Length;
                return default;
            }

            start += dot + 1;
        }

        var end = s[start..].IndexOf('.');
        return end < 0 ? s[start..] : s.Slice(start, end);
    }

    /// <summary><c>NN.NN.Xnn</c>, e.g. <c>00.53.W00</c>.</summary>
    private static bool IsNumericCenter(ReadOnlySpan<char> s) =>
        s.Length == 9
        && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && s[2] == '.'
        && char.IsAsciiDigit(s[3]) && char.IsAsciiDigit(s[4]) && s[5] == '.'
        && char.IsAsciiLetterUpper(s[6]) && char.IsAsciiDigit(s[7]) && char.IsAsciiDigit(s[8]);

    /// <summary><c>vxp.</c> then at least one segment, e.g. <c>vxp.saas.03</c> (no empty segment was checked earlier).</summary>
    private static bool IsPlatformId(ReadOnlySpan<char> s) =>
        s.Length > PlatformPrefix.Length && s.StartsWith(PlatformPrefix, StringComparison.Ordinal);

    /// <summary><c>Xnn</c> then one to three numeric segments of one to three digits, e.g. <c>H01.151</c>, <c>G12.01</c>.</summary>
    private static bool IsShort(ReadOnlySpan<char> s)
    {
        if (s.Length < 5 || !char.IsAsciiLetterUpper(s[0]) || !char.IsAsciiDigit(s[1]) || !char.IsAsciiDigit(s[2]) || s[3] != '.')
        {
            return false;
        }

        var count = CountSegments(s);
        if (count > 4)
        {
            return false;
        }

        for (var n = 2; n <= count; n++)
        {
            var segment = GetSegment(s, n, out _);
            if (segment.Length > 3 || !IsAllDigits(segment))
            {
                return false;
            }
        }

        return true;
    }

    // Hand-rolled on purpose: the generic MemoryExtensions.Contains*InRange helpers box (~100 bytes a
    // call) until the JIT tiers them up, and a rejected code should cost nothing from the first call.
    private static bool IsAllDigits(ReadOnlySpan<char> s)
    {
        foreach (var c in s)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Contains(ReadOnlySpan<char> s, Func<char, bool> predicate)
    {
        foreach (var c in s)
        {
            if (predicate(c))
            {
                return true;
            }
        }

        return false;
    }
}
