namespace Gateway.Protocol.Organizations;

/// <summary>
/// An organisation identifier code (decision 20/2020/QĐ-TTg, amended by 09/2025/QĐ-TTg): the address of
/// an agency on the document interconnection axis.
/// </summary>
/// <remarks>
/// <para>
/// The standard form is <c>CCC.BB.AA.Xnn</c>, 13 characters, lowest level first: <c>Xnn</c> names the
/// level-1 unit (<c>G</c> ministries and government bodies, <c>H</c> provinces), <c>AA</c> is level 2,
/// <c>BB</c> level 3 and <c>CCC</c> level 4; e.g. <c>000.00.00.G22</c> (Government Office) and
/// <c>000.46.24.H44</c> (a level-3 unit under <c>000.00.24.H44</c>). Only standard codes have a hierarchy;
/// see <see cref="Level"/>. Other forms seen in real traffic are accepted only when asked for through
/// <see cref="OrgCodeForms"/>, and are classified by <see cref="Kind"/>.
/// </para>
/// <para>
/// The value is the canonical text plus its kind. Equality and hashing are ordinal on the text; the text
/// is never changed (no trimming, no upper-casing), so the code a caller sent is the code it gets back.
/// <c>default(OrgCode)</c> is "no code": <see cref="IsEmpty"/> is true, <see cref="Kind"/> is
/// <see cref="OrgCodeKind.None"/>, <see cref="ToString"/> returns the empty string, it equals only
/// itself and sorts first.
/// </para>
/// </remarks>
public readonly partial struct OrgCode : IEquatable<OrgCode>, IComparable<OrgCode>, IComparable
{
    /// <summary>Length of a standard code, <c>CCC.BB.AA.Xnn</c>.</summary>
    public const int StandardLength = OrgCodeLayout.Length;

    /// <summary>The longest text accepted in any form; longer input is rejected before it is scanned.</summary>
    public const int MaxLength = 64;

    private readonly string? _text;

    private OrgCode(string text, OrgCodeKind kind)
    {
        _text = text;
        Kind = kind;
    }

    /// <summary>The form the code is written in; <see cref="OrgCodeKind.None"/> only for <c>default</c>.</summary>
    public OrgCodeKind Kind { get; }

    /// <summary>True only for <c>default(OrgCode)</c>, which was never parsed.</summary>
    public bool IsEmpty => _text is null;

    /// <summary>The canonical text (exactly what was parsed); the empty string for <c>default</c>.</summary>
    public override string ToString() => _text ?? string.Empty;

    /// <inheritdoc/>
    public bool Equals(OrgCode other) => string.Equals(_text, other._text, StringComparison.Ordinal);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is OrgCode other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _text is null ? 0 : _text.GetHashCode(StringComparison.Ordinal);

    public static bool operator ==(OrgCode left, OrgCode right) => left.Equals(right);

    public static bool operator !=(OrgCode left, OrgCode right) => !left.Equals(right);
}
