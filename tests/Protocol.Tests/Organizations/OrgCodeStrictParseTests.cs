using Gateway.Protocol.Organizations;
using static Gateway.Protocol.Tests.Organizations.OrgCodeTestHelpers;

namespace Gateway.Protocol.Tests.Organizations;

public sealed class OrgCodeStrictParseTests
{
    [Theory]
    [InlineData("000.00.00.G22")] // Government Office
    [InlineData("000.00.00.H41")] // Nghệ An People's Committee
    [InlineData("000.00.04.G14")] // a unit under a ministry
    [InlineData("000.00.24.H44")]
    [InlineData("000.46.24.H44")]
    [InlineData("999.99.99.Z99")]
    [InlineData("000.00.00.A00")]
    public void Parse_DomainExample_ReturnsStandardCodeWithSameText(string text)
    {
        var code = OrgCode.Parse(text);

        Assert.Equal(OrgCodeKind.Standard, code.Kind);
        Assert.Equal(text, code.ToString());
        Assert.False(code.IsEmpty);
    }

    [Fact]
    public void TryParse_KeptString_ReusesTheStringInstance()
    {
        var text = "000.46.24.H44";

        Assert.True(OrgCode.TryParse(text, out var code));

        Assert.Same(text, code.ToString());
    }

    [Fact]
    public void TryParse_Span_CopiesOnlyTheCodeCharacters()
    {
        var line = "to=000.46.24.H44;";

        Assert.True(OrgCode.TryParse(line.AsSpan(3, 13), out var code));

        Assert.Equal("000.46.24.H44", code.ToString());
        Assert.Equal(OrgCode.Parse("000.46.24.H44"), code);
    }

    [Fact]
    public void TryParse_StrictOverloadAndFormsOverload_Agree()
    {
        Assert.True(OrgCode.TryParse("000.00.00.G22", OrgCodeForms.Strict, out var a, out var error));
        Assert.True(OrgCode.TryParse("000.00.00.G22", out var b));

        Assert.Null(error);
        Assert.Equal(a, b);
    }

    [Fact]
    public void Parse_Null_ThrowsArgumentNull()
    {
        Assert.Throws<ArgumentNullException>(() => OrgCode.Parse(null!));
        Assert.Throws<ArgumentNullException>(() => OrgCode.Parse(null!, OrgCodeForms.Tolerant));
    }

    [Fact]
    public void TryParse_Null_FailsSayingNoCodeWasGiven()
    {
        Assert.False(OrgCode.TryParse((string?)null, out var code));
        Assert.Equal(default, code);

        var error = Reject(null);

        Assert.StartsWith("no organisation code was given", error, StringComparison.Ordinal);
        Assert.Contains("CCC.BB.AA.Xnn", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_Empty_FailsSayingTheCodeIsEmpty()
    {
        Assert.False(OrgCode.TryParse(string.Empty, out _));
        Assert.False(OrgCode.TryParse(ReadOnlySpan<char>.Empty, out _));

        var error = RejectBothWays(string.Empty);

        Assert.Equal(
            "the organisation code is empty (expected CCC.BB.AA.Xnn such as 000.00.00.G22)",
            error);
    }

    [Fact]
    public void Parse_Invalid_ThrowsFormatExceptionWithTheSameMessage()
    {
        var expected = Reject("000.00.0.G22");

        var ex = Assert.Throws<FormatException>(() => OrgCode.Parse("000.00.0.G22"));

        Assert.Equal(expected, ex.Message);
    }

    [Fact]
    public void Parse_ShortThirdSegment_FailsNamingValueSegmentAndExpectedForm()
    {
        var error = RejectBothWays("000.00.0.G22");

        Assert.Equal(
            "'000.00.0.G22' is not an organisation code: segment 3 (AA) must be 2 digits, found '0' "
            + "(expected CCC.BB.AA.Xnn such as 000.00.00.G22)",
            error);
    }

    [Theory]
    [InlineData("0000.00.00.G22", "segment 1 (CCC) must be 3 digits, found '0000'")]
    [InlineData("00.00.00.G22", "segment 1 (CCC) must be 3 digits, found '00'")]
    [InlineData("000.000.00.G22", "segment 2 (BB) must be 2 digits, found '000'")]
    [InlineData("000.0.00.G22", "segment 2 (BB) must be 2 digits, found '0'")]
    [InlineData("000.00.000.G22", "segment 3 (AA) must be 2 digits, found '000'")]
    [InlineData("000.0a.00.G22", "segment 2 (BB) must be 2 digits, found '0a'")]
    [InlineData("000.0O.00.G22", "segment 2 (BB) must be 2 digits, found '0O'")]
    [InlineData("0x0.00.00.G22", "segment 1 (CCC) must be 3 digits, found '0x0'")]
    public void Parse_WrongDigitSegment_FailsNamingTheSegment(string input, string reason)
    {
        var error = RejectBothWays(input);

        Assert.Equal($"'{input}' is not an organisation code: {reason} (expected CCC.BB.AA.Xnn such as 000.00.00.G22)", error);
    }

    [Fact]
    public void Parse_LowercaseUnitLetter_FailsNamingTheLetter()
    {
        var error = RejectBothWays("000.00.00.g22");

        Assert.Contains("'000.00.00.g22' is not an organisation code", error, StringComparison.Ordinal);
        Assert.Contains("the unit letter must be a capital letter A-Z, found 'g'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000.00.00.122", '1')]
    [InlineData("000.00.00.-22", '-')]
    public void Parse_UnitWithoutLetter_FailsNamingWhatWasFound(string input, char found)
    {
        var error = RejectBothWays(input, input.Contains('-', StringComparison.Ordinal) ? OrgCodeForms.Legacy : OrgCodeForms.Strict);

        Assert.Contains($"the unit letter must be a capital letter A-Z, found '{found}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000.00.00.G2")]
    [InlineData("000.00.00.G222")]
    [InlineData("000.00.00.GG2")]
    [InlineData("000.00.00.G")]
    [InlineData("000.00.00.G2a")]
    public void Parse_WrongUnitNumber_FailsNamingTheFourthSegment(string input)
    {
        var error = RejectBothWays(input);

        var unit = input[10..];
        Assert.Contains($"segment 4 (Xnn) must be a capital letter followed by 2 digits, found '{unit}'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000.00.00", "it has 3 segments; a standard code has 4")]
    [InlineData("000.00.00.G22.01", "it has 5 segments; a standard code has 4")]
    [InlineData("G22", "it has no '.' separators; a standard code has 4 segments")]
    [InlineData("0000000000G22", "it has no '.' separators; a standard code has 4 segments")]
    [InlineData("abc.def", "it has 2 segments; a standard code has 4")]
    public void Parse_WrongSegmentCount_FailsCountingSegments(string input, string reason)
    {
        var error = RejectBothWays(input);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(".000.00.00.G22", "it starts with '.'")]
    [InlineData("000.00.00.G22.", "it ends with '.'")]
    [InlineData("000..00.G22", "segment 2 is empty ('..' at character 4)")]
    [InlineData("000.00..G22", "segment 3 is empty ('..' at character 7)")]
    [InlineData(".", "it starts with '.'")]
    public void Parse_EmptySegment_FailsSayingWhere(string input, string reason)
    {
        var error = RejectBothWays(input);

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(" 000.00.00.G22", "it has leading whitespace (U+0020)", "' 000.00.00.G22'")]
    [InlineData("\t000.00.00.G22", "it has leading whitespace (U+0009)", "'\\u0009000.00.00.G22'")]
    [InlineData("\u00A0000.00.00.G22", "it has leading whitespace (U+00A0)", "'\\u00A0000.00.00.G22'")]
    [InlineData("000.00.00.G22 ", "it has trailing whitespace (U+0020)", "'000.00.00.G22 '")]
    [InlineData("000.00.00.G22\n", "it has trailing whitespace (U+000A)", "'000.00.00.G22\\u000A'")]
    [InlineData("000.00.00.G22\r\n", "it has trailing whitespace (U+000A)", "'000.00.00.G22\\u000D\\u000A'")]
    [InlineData(" ", "it has leading whitespace (U+0020)", "' '")]
    public void Parse_SurroundingWhitespace_FailsNamingIt(string input, string reason, string quoted)
    {
        var error = RejectBothWays(input);

        Assert.StartsWith(quoted + " is not an organisation code: " + reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SurroundingWhitespace_IsRejectedInTolerantModeToo()
    {
        var error = RejectBothWays(" vxp.saas.03", OrgCodeForms.Tolerant);

        Assert.Contains("leading whitespace", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhitespaceInside_FailsNamingThePosition()
    {
        var error = RejectBothWays("000.00 .00.G22");

        Assert.Contains("character 7 is whitespace (U+0020)", error, StringComparison.Ordinal);
    }
}
