using System.Diagnostics.CodeAnalysis;

namespace Gateway.Protocol.Organizations;

public readonly partial struct OrgCode
{
    /// <summary>Parses a standard code (<c>CCC.BB.AA.Xnn</c>) and keeps <paramref name="s"/> as its text.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="FormatException">It is not a standard code; the message names the value and what is wrong.</exception>
    public static OrgCode Parse(string s) => Parse(s, OrgCodeForms.Strict);

    /// <summary>Parses a standard code or one of the other <paramref name="forms"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="s"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="forms"/> has undefined flags.</exception>
    /// <exception cref="FormatException">It is not an accepted code; the message names the value and what is wrong.</exception>
    public static OrgCode Parse(string s, OrgCodeForms forms)
    {
        ArgumentNullException.ThrowIfNull(s);
        return TryParse(s, forms, out var code, out var error) ? code : throw new FormatException(error);
    }

    /// <summary>Parses a standard code without allocating: the code keeps <paramref name="s"/> as its text.</summary>
    public static bool TryParse([NotNullWhen(true)] string? s, out OrgCode code) =>
        TryParseString(s, OrgCodeForms.Strict, out code, out _);

    /// <summary>Parses a standard code; allocates only the code's 13-character text.</summary>
    public static bool TryParse(ReadOnlySpan<char> s, out OrgCode code) =>
        TryParseCore(s, null, OrgCodeForms.Strict, out code, out _);

    /// <summary>
    /// Parses a standard code or one of the other <paramref name="forms"/>. On failure
    /// <paramref name="error"/> is one sentence for a person, fit for an INVALID_ARGUMENT detail: the value
    /// (quoted, cut at <see cref="MaxLength"/> characters, anything but printable ASCII as <c>\uXXXX</c>),
    /// what is wrong, and what was expected. For example:
    /// <c>'000.00.0.G22' is not an organisation code: segment 3 (AA) must be 2 digits, found '0' (expected CCC.BB.AA.Xnn such as 000.00.00.G22)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="forms"/> has undefined flags.</exception>
    public static bool TryParse(
        [NotNullWhen(true)] string? s, OrgCodeForms forms, out OrgCode code, [NotNullWhen(false)] out string? error)
    {
        ValidateForms(forms);
        if (TryParseString(s, forms, out code, out var failure))
        {
            error = null;
            return true;
        }

        error = OrgCodeMessages.Format(s, s is null, forms, failure);
        return false;
    }

    /// <inheritdoc cref="TryParse(string?, OrgCodeForms, out OrgCode, out string?)"/>
    public static bool TryParse(
        ReadOnlySpan<char> s, OrgCodeForms forms, out OrgCode code, [NotNullWhen(false)] out string? error)
    {
        ValidateForms(forms);
        if (TryParseCore(s, null, forms, out code, out var failure))
        {
            error = null;
            return true;
        }

        error = OrgCodeMessages.Format(s, isNull: false, forms, failure);
        return false;
    }

    /// <summary>
    /// Where every parse ends up. <paramref name="original"/> is the string behind <paramref name="s"/>
    /// when there is one: reusing it is what makes parsing a kept string allocation-free.
    /// </summary>
    internal static bool TryParseCore(
        ReadOnlySpan<char> s, string? original, OrgCodeForms forms, out OrgCode code, out OrgCodeFailure failure)
    {
        if (OrgCodeParser.TryClassify(s, forms, out var kind, out failure))
        {
            code = new OrgCode(original ?? s.ToString(), kind);
            return true;
        }

        code = default;
        return false;
    }

    private static bool TryParseString(
        string? s, OrgCodeForms forms, out OrgCode code, out OrgCodeFailure failure)
    {
        if (s is null)
        {
            code = default;
            failure = new OrgCodeFailure(OrgCodeError.Missing);
            return false;
        }

        return TryParseCore(s.AsSpan(), s, forms, out code, out failure);
    }

    private static void ValidateForms(OrgCodeForms forms)
    {
        if ((forms & ~OrgCodeForms.Tolerant) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(forms), forms, "Unknown OrgCodeForms flags.");
        }
    }
}
