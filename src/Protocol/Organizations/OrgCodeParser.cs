namespace Gateway.Protocol.Organizations;

/// <summary>
/// Decides whether a text is an organisation code and of which <see cref="OrgCodeKind"/>.
/// Hand-written span checks, no regular expressions: the standard form is judged by 13 fixed-position
/// comparisons, and everything else runs only when that fails.
/// </summary>
internal static class OrgCodeParser
{
    /// <summary>
    /// <c>^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$</c> with ASCII digits only (<c>char.IsDigit</c> would let
    /// Arabic-Indic and full-width digits through, and those must never become routing keys).
    /// </summary>
    public static bool IsStandard(ReadOnlySpan<char> s) =>
        s.Length == OrgCodeLayout.Length
        && char.IsAsciiDigit(s[0]) && char.IsAsciiDigit(s[1]) && char.IsAsciiDigit(s[2]) && s[3] == '.'
        && char.IsAsciiDigit(s[4]) && char.IsAsciiDigit(s[5]) && s[6] == '.'
        && char.IsAsciiDigit(s[7]) && char.IsAsciiDigit(s[8]) && s[9] == '.'
        && char.IsAsciiLetterUpper(s[10]) && char.IsAsciiDigit(s[11]) && char.IsAsciiDigit(s[12]);

    /// <summary>Classifies <paramref name="s"/>, or says why it is not a code that <paramref name="forms"/> admits.</summary>
    public static bool TryClassify(
        ReadOnlySpan<char> s, OrgCodeForms forms, out OrgCodeKind kind, out OrgCodeFailure failure)
    {
        if (IsStandard(s))
        {
            kind = OrgCodeKind.Standard;
            failure = default;
            return true;
        }

        kind = OrgCodeKind.None;
        failure = CheckEnvelope(s, forms);
        if (failure.Error != OrgCodeError.None)
        {
            return false;
        }

        // A near miss of the standard form is a typo to report, not a legacy code to accept.
        if (OrgCodeShapes.LooksStandard(s))
        {
            failure = OrgCodeShapes.DiagnoseStandard(s);
            return false;
        }

        var candidate = OrgCodeShapes.ClassifyTolerant(s);
        if ((forms & FlagFor(candidate)) == 0)
        {
            // Anything is "legacy" when nothing else fits, so a disabled legacy form is explained
            // against the standard form; the specific alternative shapes are named as such.
            failure = candidate == OrgCodeKind.Legacy
                ? OrgCodeShapes.DiagnoseStandard(s)
                : new OrgCodeFailure(OrgCodeError.FormNotAccepted, Kind: candidate);
            return false;
        }

        // Only reachable when '-' and '_' are allowed: a segment made of nothing else is noise.
        failure = OrgCodeShapes.CheckSegmentsHaveAlphanumeric(s);
        if (failure.Error != OrgCodeError.None)
        {
            return false;
        }

        kind = candidate;
        return true;
    }

    /// <summary>Checks every form shares: not empty, bounded, no surrounding whitespace, a known alphabet, no empty segment.</summary>
    private static OrgCodeFailure CheckEnvelope(ReadOnlySpan<char> s, OrgCodeForms forms)
    {
        if (s.IsEmpty)
        {
            return new OrgCodeFailure(OrgCodeError.Empty);
        }

        // Checked before anything scans the text, so a megabyte of junk costs one comparison.
        if (s.Length > OrgCode.MaxLength)
        {
            return new OrgCodeFailure(OrgCodeError.TooLong, Length: s.Length);
        }

        if (char.IsWhiteSpace(s[0]))
        {
            return new OrgCodeFailure(OrgCodeError.LeadingWhitespace, Start: 0);
        }

        if (char.IsWhiteSpace(s[^1]))
        {
            return new OrgCodeFailure(OrgCodeError.TrailingWhitespace, Start: s.Length - 1);
        }

        var allowPunctuation = (forms & OrgCodeForms.Legacy) != 0;
        for (var i = 0; i < s.Length; i++)
        {
            if (!IsAllowed(s[i], allowPunctuation))
            {
                return new OrgCodeFailure(OrgCodeError.InvalidCharacter, Start: i);
            }
        }

        var segment = 1;
        var start = 0;
        for (var i = 0; i <= s.Length; i++)
        {
            if (i == s.Length || s[i] == '.')
            {
                if (i == start)
                {
                    return new OrgCodeFailure(OrgCodeError.EmptySegment, Segment: segment, Start: start);
                }

                segment++;
                start = i + 1;
            }
        }

        return default;
    }

    /// <summary>
    /// Lower-case letters pass here on purpose: the standard checks then say "the unit letter must be
    /// a capital letter", which is more useful than "character 11 is not allowed".
    /// </summary>
    internal static bool IsAllowed(char c, bool allowPunctuation) =>
        char.IsAsciiLetterOrDigit(c) || c == '.' || (allowPunctuation && (c == '-' || c == '_'));

    private static OrgCodeForms FlagFor(OrgCodeKind kind) => kind switch
    {
        OrgCodeKind.CenterId => OrgCodeForms.CenterId,
        OrgCodeKind.ShortCode => OrgCodeForms.ShortCode,
        OrgCodeKind.Legacy => OrgCodeForms.Legacy,
        _ => OrgCodeForms.Strict,
    };
}
