namespace Gateway.Protocol.Organizations;

/// <summary>
/// Which form an <see cref="OrgCode"/> was written in. The kind is a pure function of the text:
/// the same text always has the same kind, whichever <see cref="OrgCodeForms"/> were enabled when it
/// was parsed. The numeric order is the sort order used by <see cref="OrgCode.CompareTo(OrgCode)"/>.
/// </summary>
public enum OrgCodeKind
{
    /// <summary><c>default(OrgCode)</c>: no code at all. Never produced by parsing.</summary>
    None = 0,

    /// <summary>
    /// The standard 13-character form <c>CCC.BB.AA.Xnn</c> of decision 20/2020/QĐ-TTg, matching
    /// <c>^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$</c> with ASCII digits only. The only kind with a hierarchy.
    /// </summary>
    Standard = 1,

    /// <summary>
    /// A centre or connected-system id rather than an agency: either the numeric centre shape
    /// <c>NN.NN.Xnn</c> (e.g. <c>00.53.W00</c>: two 2-digit segments, then a capital letter and two digits)
    /// or the platform namespace: a first segment that is exactly <c>vxp</c> followed by one or more
    /// segments (e.g. <c>vxp.saas.03</c>).
    /// </summary>
    CenterId = 2,

    /// <summary>
    /// A short code: a level-1 unit <c>Xnn</c> (capital letter, two digits) followed by one to three
    /// numeric segments of one to three digits (e.g. <c>H01.151</c>, <c>G12.01</c>). How its segments map
    /// onto the standard levels is not specified, so it carries no hierarchy.
    /// </summary>
    ShortCode = 3,

    /// <summary>
    /// A legacy QCVN 102 code (the registry's <c>code102</c>): any other dotted token of at most
    /// <see cref="OrgCode.MaxLength"/> characters from <c>[A-Za-z0-9._-]</c>, with no empty segment and
    /// at least one letter or digit in every segment.
    /// </summary>
    Legacy = 4,
}
