using Gateway.Protocol.Organizations;
using static Gateway.Protocol.Tests.Organizations.OrgCodeTestHelpers;

namespace Gateway.Protocol.Tests.Organizations;

public sealed class OrgCodeTolerantParseTests
{
    [Theory]
    [InlineData("00.53.W00", OrgCodeKind.CenterId)]
    [InlineData("vxp.saas.03", OrgCodeKind.CenterId)]
    [InlineData("vxp.x", OrgCodeKind.CenterId)]
    [InlineData("H01.151", OrgCodeKind.ShortCode)]
    [InlineData("G12.01", OrgCodeKind.ShortCode)]
    [InlineData("G12.1.22.333", OrgCodeKind.ShortCode)]
    [InlineData("vpcp", OrgCodeKind.Legacy)]
    [InlineData("VXP.SAAS.03", OrgCodeKind.Legacy)]
    [InlineData("vxp", OrgCodeKind.Legacy)]
    [InlineData("H01.1512", OrgCodeKind.Legacy)]
    [InlineData("H01.1.2.3.4", OrgCodeKind.Legacy)]
    [InlineData("h01.151", OrgCodeKind.Legacy)]
    [InlineData("00.53.w00", OrgCodeKind.Legacy)]
    [InlineData("SO-TTTT.HN_01", OrgCodeKind.Legacy)]
    [InlineData("a.b.c.d", OrgCodeKind.Legacy)]
    [InlineData("SO.GDDT.HN.T01", OrgCodeKind.Legacy)]
    [InlineData("-a_", OrgCodeKind.Legacy)]
    [InlineData("000.00.00.G22", OrgCodeKind.Standard)]
    public void Parse_Tolerant_ClassifiesEachForm(string text, OrgCodeKind kind)
    {
        var code = OrgCode.Parse(text, OrgCodeForms.Tolerant);

        Assert.Equal(kind, code.Kind);
        Assert.Equal(text, code.ToString());
    }

    [Theory]
    [InlineData("00.53.W00", OrgCodeForms.CenterId)]
    [InlineData("vxp.saas.03", OrgCodeForms.CenterId)]
    [InlineData("H01.151", OrgCodeForms.ShortCode)]
    [InlineData("G12.01", OrgCodeForms.ShortCode)]
    [InlineData("SO-TTTT.HN_01", OrgCodeForms.Legacy)]
    public void Parse_AlternativeForm_IsAcceptedByItsOwnFlagAlone(string text, OrgCodeForms flag)
    {
        Assert.True(OrgCode.TryParse(text, flag, out var code, out var error), error);
        Assert.True(OrgCode.TryParse(text.AsSpan(), flag, out var fromSpan, out _));

        Assert.Equal(code, fromSpan);
    }

    [Theory]
    [InlineData("00.53.W00", OrgCodeForms.Strict)]
    [InlineData("00.53.W00", OrgCodeForms.ShortCode | OrgCodeForms.Legacy)]
    [InlineData("vxp.saas.03", OrgCodeForms.Strict)]
    [InlineData("vxp.saas.03", OrgCodeForms.Legacy)]
    public void Parse_CenterIdNotEnabled_FailsNamingTheForm(string text, OrgCodeForms forms)
    {
        var error = RejectBothWays(text, forms);

        Assert.Contains($"'{text}' is not an organisation code: it is a centre/system id, which is not accepted here", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("H01.151", OrgCodeForms.Strict)]
    [InlineData("G12.01", OrgCodeForms.CenterId | OrgCodeForms.Legacy)]
    public void Parse_ShortCodeNotEnabled_FailsNamingTheForm(string text, OrgCodeForms forms)
    {
        var error = RejectBothWays(text, forms);

        Assert.Contains("it is a short-form code, which is not accepted here", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LegacyNotEnabled_ExplainsAgainstTheStandardForm()
    {
        var error = RejectBothWays("SO.GDDT.HN", OrgCodeForms.CenterId | OrgCodeForms.ShortCode);

        Assert.Contains("it has 3 segments; a standard code has 4", error, StringComparison.Ordinal);
        Assert.EndsWith(
            "(expected CCC.BB.AA.Xnn such as 000.00.00.G22, a centre id such as 00.53.W00 or a short code such as H01.151)",
            error,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000.00.0.G22", "segment 3 (AA) must be 2 digits, found '0'")]
    [InlineData("000.00.00.g22", "the unit letter must be a capital letter A-Z, found 'g'")]
    [InlineData("000.00.00.122", "the unit letter must be a capital letter A-Z, found '1'")]
    [InlineData("000.0O.00.G22", "segment 2 (BB) must be 2 digits, found '0O'")]
    [InlineData("1.2.3.4", "segment 1 (CCC) must be 3 digits, found '1'")]
    [InlineData("000.00.00.G2", "segment 4 (Xnn) must be a capital letter followed by 2 digits, found 'G2'")]
    public void Parse_NearMissOfStandard_IsRejectedEvenWithLegacyEnabled(string text, string reason)
    {
        var error = RejectBothWays(text, OrgCodeForms.Tolerant);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc.-.def", "segment 2 ('-') has no letter or digit")]
    [InlineData("_", "segment 1 ('_') has no letter or digit")]
    [InlineData("vxp.__", "segment 2 ('__') has no letter or digit")]
    public void Parse_LegacySegmentWithoutAlphanumeric_FailsNamingTheSegment(string text, string reason)
    {
        var error = RejectBothWays(text, OrgCodeForms.Tolerant);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vxp.", "it ends with '.'")]
    [InlineData("a..b", "segment 2 is empty ('..' at character 2)")]
    [InlineData(".H01.151", "it starts with '.'")]
    public void Parse_TolerantEmptySegment_FailsSayingWhere(string text, string reason)
    {
        var error = RejectBothWays(text, OrgCodeForms.Tolerant);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Tolerant_ExpectedTextListsEveryEnabledForm()
    {
        var error = RejectBothWays("a#b", OrgCodeForms.Tolerant);

        Assert.EndsWith(
            "(expected CCC.BB.AA.Xnn such as 000.00.00.G22, a centre id such as 00.53.W00, "
            + "a short code such as H01.151 or a legacy QCVN 102 code)",
            error,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData((OrgCodeForms)8)]
    [InlineData((OrgCodeForms)(-1))]
    public void TryParse_UndefinedFormsFlag_ThrowsArgumentOutOfRange(OrgCodeForms forms)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => OrgCode.TryParse("000.00.00.G22", forms, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => OrgCode.TryParse("x".AsSpan(), forms, out _, out _));
        Assert.Throws<ArgumentOutOfRangeException>(() => OrgCode.Parse("000.00.00.G22", forms));
    }

    [Theory]
    [InlineData("00.53.W00")]
    [InlineData("vxp.saas.03")]
    [InlineData("H01.151")]
    [InlineData("G12.01")]
    [InlineData("SO-TTTT.HN_01")]
    public void Hierarchy_TolerantCode_HasNone(string text)
    {
        var code = OrgCode.Parse(text, OrgCodeForms.Tolerant);
        var province = OrgCode.Parse("000.00.00.H01");

        Assert.Equal(0, code.Level);
        Assert.Null(code.Parent);
        Assert.False(code.TryGetParent(out var parent));
        Assert.Equal(default, parent);
        Assert.Null(code.Level1Unit);
        Assert.True(code.Unit.IsEmpty);
        Assert.Equal('\0', code.UnitLetter);
        Assert.Empty(code.GetAncestors());
        Assert.False(code.IsDescendantOf(province));
        Assert.False(province.IsDescendantOf(code));
        Assert.False(code.IsDescendantOf(code));
        Assert.False(code.IsSelfOrDescendantOf(code));
    }
}
