namespace Gateway.Protocol.Organizations;

/// <summary>
/// The forms a parse accepts besides the standard <c>CCC.BB.AA.Xnn</c>, which is always accepted.
/// Each flag admits exactly one <see cref="OrgCodeKind"/>: <see cref="Legacy"/> does not admit centre ids
/// or short codes, because a text's kind never depends on what was enabled.
/// </summary>
/// <remarks>
/// Whatever is enabled, text with the standard shape is judged as a standard code: four segments where
/// the first three are all digits, or each holds a digit and the fourth is one letter followed by digits.
/// A mistyped standard code such as <c>000.00.0.G22</c> or <c>000.0O.00.G22</c> is therefore reported,
/// never silently accepted as a legacy code that would route nowhere.
/// </remarks>
[Flags]
public enum OrgCodeForms
{
    /// <summary>Only the standard form (the default for every parse overload without this parameter).</summary>
    Strict = 0,

    /// <summary>Also accept centre/system ids such as <c>00.53.W00</c> and <c>vxp.saas.03</c>.</summary>
    CenterId = 1,

    /// <summary>Also accept short codes such as <c>H01.151</c> and <c>G12.01</c>.</summary>
    ShortCode = 2,

    /// <summary>Also accept legacy QCVN 102 codes (free dotted alphanumeric tokens).</summary>
    Legacy = 4,

    /// <summary>Every form that real traffic carries.</summary>
    Tolerant = CenterId | ShortCode | Legacy,
}
