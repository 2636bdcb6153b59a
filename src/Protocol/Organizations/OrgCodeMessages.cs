using System.Globalization;
using System.Text;

namespace Gateway.Protocol.Organizations;

/// <summary>
/// Turns an <see cref="OrgCodeFailure"/> into one sentence for a person: the value (quoted, bounded and
/// escaped, because it came from a caller and goes back out in gRPC error details and logs), what is
/// wrong with it, and what was expected. Runs only on failure, and only when the caller asks for words.
/// </summary>
internal static class OrgCodeMessages
{
    /// <summary>How much of a rejected value is echoed back; more is cut and marked with "...".</summary>
    internal const int DisplayLimit = OrgCode.MaxLength;

    public static string Format(ReadOnlySpan<char> input, bool isNull, OrgCodeForms forms, OrgCodeFailure failure)
    {
        var expected = Expected(forms);
        if (isNull)
        {
            return $"no organisation code was given (expected {expected})";
        }

        if (failure.Error == OrgCodeError.Empty)
        {
            return $"the organisation code is empty (expected {expected})";
        }

        return $"{Quote(input)} is not an organisation code: {Reason(input, forms, failure)} (expected {expected})";
    }

    private static string Reason(ReadOnlySpan<char> s, OrgCodeForms forms, OrgCodeFailure f) => f.Error switch
    {
        OrgCodeError.TooLong => (forms & OrgCodeForms.Tolerant) == 0
            ? string.Create(CultureInfo.InvariantCulture, $"it is {f.Length} characters long; a code has {OrgCode.StandardLength}")
            : string.Create(CultureInfo.InvariantCulture, $"it is {f.Length} characters long; at most {OrgCode.MaxLength} are accepted"),
        OrgCodeError.LeadingWhitespace => $"it has leading whitespace ({Describe(s, f.Start)})",
        OrgCodeError.TrailingWhitespace => $"it has trailing whitespace ({Describe(s, f.Start)})",
        OrgCodeError.InvalidCharacter => InvalidCharacter(s, forms, f.Start),
        OrgCodeError.EmptySegment => EmptySegment(s, f),
        OrgCodeError.SegmentWithoutAlphanumeric =>
            string.Create(CultureInfo.InvariantCulture, $"segment {f.Segment} ('{s.Slice(f.Start, f.Length)}') has no letter or digit"),
        OrgCodeError.SegmentCount => f.Length == 1
            ? "it has no '.' separators; a standard code has 4 segments"
            : string.Create(CultureInfo.InvariantCulture, $"it has {f.Length} segments; a standard code has 4"),
        OrgCodeError.SegmentFormat => string.Create(CultureInfo.InvariantCulture,
            $"segment {f.Segment} ({SegmentName(f.Segment)}) must be {(f.Segment == 1 ? 3 : 2)} digits, found '{s.Slice(f.Start, f.Length)}'"),
        OrgCodeError.UnitLetter =>
            $"the unit letter must be a capital letter A-Z, found '{s[f.Start]}'",
        OrgCodeError.UnitNumber => string.Create(CultureInfo.InvariantCulture,
            $"segment 4 (Xnn) must be a capital letter followed by 2 digits, found '{s.Slice(f.Start, f.Length)}'"),
        OrgCodeError.FormNotAccepted => f.Kind == OrgCodeKind.CenterId
            ? "it is a centre/system id, which is not accepted here"
            : "it is a short-form code, which is not accepted here",
        _ => "it does not have the form CCC.BB.AA.Xnn",
    };

    private static string InvalidCharacter(ReadOnlySpan<char> s, OrgCodeForms forms, int index)
    {
        var position = index + 1;
        var what = Describe(s, index);
        var alphabet = (forms & OrgCodeForms.Legacy) != 0
            ? "only letters A-Z and a-z, digits 0-9, '.', '-' and '_' may appear"
            : "only digits 0-9, letters A-Z and '.' may appear";
        Rune.DecodeFromUtf16(s[index..], out var rune, out _);
        if (Rune.IsWhiteSpace(rune))
        {
            return string.Create(CultureInfo.InvariantCulture, $"character {position} is whitespace ({what}); {alphabet}");
        }

        // Spelled out because these look like valid characters: '٣' or '３' pass for a 3 at a glance.
        if (Rune.IsDigit(rune))
        {
            return string.Create(CultureInfo.InvariantCulture, $"character {position} is {what}, a non-ASCII digit; {alphabet}");
        }

        if (Rune.IsLetter(rune))
        {
            return string.Create(CultureInfo.InvariantCulture, $"character {position} is {what}, a non-ASCII letter; {alphabet}");
        }

        return string.Create(CultureInfo.InvariantCulture, $"character {position} is {what}, which is not allowed; {alphabet}");
    }

    private static string SegmentName(int segment) => segment switch
    {
        1 => "CCC",
        2 => "BB",
        3 => "AA",
        _ => "Xnn",
    };

    private static string EmptySegment(ReadOnlySpan<char> s, OrgCodeFailure f)
    {
        if (f.Start == 0)
        {
            return "it starts with '.'";
        }

        return f.Start == s.Length
            ? "it ends with '.'"
            : string.Create(CultureInfo.InvariantCulture, $"segment {f.Segment} is empty ('..' at character {f.Start})");
    }

    private static string Expected(OrgCodeForms forms)
    {
        var parts = new List<string>(4) { "CCC.BB.AA.Xnn such as 000.00.00.G22" };
        if ((forms & OrgCodeForms.CenterId) != 0)
        {
            parts.Add("a centre id such as 00.53.W00");
        }

        if ((forms & OrgCodeForms.ShortCode) != 0)
        {
            parts.Add("a short code such as H01.151");
        }

        if ((forms & OrgCodeForms.Legacy) != 0)
        {
            parts.Add("a legacy QCVN 102 code");
        }

        return parts.Count == 1
            ? parts[0]
            : string.Join(", ", parts.Take(parts.Count - 1)) + " or " + parts[^1];
    }

    /// <summary>"'-' (U+002D)" for printable ASCII, "U+0663" otherwise (never echoes invisible or look-alike characters raw).</summary>
    private static string Describe(ReadOnlySpan<char> s, int index)
    {
        var c = s[index];
        if (c is > ' ' and < '\x7F')
        {
            return string.Create(CultureInfo.InvariantCulture, $"'{c}' (U+{(int)c:X4})");
        }

        // A surrogate pair is one character to the reader: name the code point, not its halves.
        var value = Rune.DecodeFromUtf16(s[index..], out var rune, out _) == System.Buffers.OperationStatus.Done
            ? rune.Value
            : c;
        return string.Create(CultureInfo.InvariantCulture, $"U+{value:X4}");
    }

    /// <summary>The value in single quotes, cut at <see cref="DisplayLimit"/>, anything but printable ASCII as \uXXXX.</summary>
    internal static string Quote(ReadOnlySpan<char> s)
    {
        var shown = s.Length > DisplayLimit ? s[..DisplayLimit] : s;
        var builder = new StringBuilder(shown.Length + 8).Append('\'');
        foreach (var c in shown)
        {
            if (c is >= ' ' and < '\x7F' and not '\'' and not '\\')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
        }

        if (shown.Length < s.Length)
        {
            builder.Append("...");
        }

        return builder.Append('\'').ToString();
    }
}
