using Gateway.Protocol.Organizations;
using static Gateway.Protocol.Tests.Organizations.OrgCodeTestHelpers;

namespace Gateway.Protocol.Tests.Organizations;

/// <summary>Unicode look-alikes, control characters and oversized input: what a hostile or careless caller sends.</summary>
public sealed class OrgCodeCharacterTests
{
    [Theory]
    [InlineData("000.00.00.G2\u0663", 13, "U+0663")] // Arabic-Indic digit three
    [InlineData("\u0660\u0660\u0660.00.00.G22", 1, "U+0660")] // Arabic-Indic zeros
    [InlineData("\uFF10\uFF10\uFF10.00.00.G22", 1, "U+FF10")] // full-width zeros
    [InlineData("000.00.\uFF10\uFF14.G14", 8, "U+FF10")]
    [InlineData("000.00.00.G\u09E8\u09E8", 12, "U+09E8")] // Bengali digit two
    [InlineData("000.00.00.G\u0968\u0968", 12, "U+0968")] // Devanagari digit two
    public void Parse_NonAsciiDigit_FailsNamingCharacterAndCodePoint(string input, int position, string codePoint)
    {
        Assert.Contains(input, c => char.IsDigit(c) && !char.IsAsciiDigit(c));

        var error = RejectBothWays(input);

        Assert.Contains($"character {position} is {codePoint}, a non-ASCII digit", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OrgCodeForms.Strict)]
    [InlineData(OrgCodeForms.Tolerant)]
    public void Parse_NonAsciiDigit_IsRejectedInEveryMode(OrgCodeForms forms)
    {
        Assert.False(OrgCode.TryParse("H\uFF10\uFF11.151", forms, out _, out var error));
        Assert.Contains("non-ASCII digit", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NonAsciiDigit_IsEscapedInTheEchoedValue()
    {
        var error = Reject("000.00.00.G2\u0663");

        Assert.StartsWith("'000.00.00.G2\\u0663' is not an organisation code", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000.00.00.\u0110\u0032\u0032", 11, "U+0110")] // Đ
    [InlineData("000.00.00.\u0391\u0032\u0032", 11, "U+0391")] // Greek capital alpha, looks like A
    [InlineData("000.00.00.\uFF27\u0032\u0032", 11, "U+FF27")] // full-width G
    public void Parse_NonAsciiLetter_FailsNamingCharacterAndCodePoint(string input, int position, string codePoint)
    {
        var error = RejectBothWays(input);

        Assert.Contains($"character {position} is {codePoint}, a non-ASCII letter", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SurrogatePair_NamesTheWholeCodePoint()
    {
        var error = RejectBothWays("000.00.00.G22\U0001F600".Insert(3, "\U0001F600"));

        Assert.Contains("character 4 is U+1F600, which is not allowed", error, StringComparison.Ordinal);
        Assert.Contains("\\uD83D\\uDE00", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LoneSurrogate_NamesTheCodeUnit()
    {
        var error = RejectBothWays("000.00.00.G2\uD800");

        Assert.Contains("character 13 is U+D800, which is not allowed", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("000-00-00-G22", 4, "'-' (U+002D)")]
    [InlineData("000.00.00#G22", 10, "'#' (U+0023)")]
    [InlineData("000/00/00/G22", 4, "'/' (U+002F)")]
    [InlineData("000.00.00.G2'", 13, "''' (U+0027)")]
    [InlineData("000.00.\u000000.G22", 8, "U+0000")]
    [InlineData("000.00.\u001B00.G22", 8, "U+001B")]
    [InlineData("000.00.\u200B00.G22", 8, "U+200B")] // zero-width space: invisible when echoed raw
    public void Parse_ForbiddenCharacter_FailsNamingPositionAndCharacter(string input, int position, string what)
    {
        var error = RejectBothWays(input);

        Assert.Contains($"character {position} is {what}, which is not allowed", error, StringComparison.Ordinal);
        Assert.Contains("only digits 0-9, letters A-Z and '.' may appear", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_HyphenOrUnderscore_IsAllowedOnlyWithLegacy()
    {
        var strict = RejectBothWays("abc_def");
        Assert.Contains("character 4 is '_' (U+005F), which is not allowed", strict, StringComparison.Ordinal);

        var tolerant = RejectBothWays("abc_d#ef", OrgCodeForms.Legacy);
        Assert.Contains("character 6 is '#' (U+0023), which is not allowed", tolerant, StringComparison.Ordinal);
        Assert.Contains("only letters A-Z and a-z, digits 0-9, '.', '-' and '_' may appear", tolerant, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ControlCharacters_AreNeverEchoedRaw()
    {
        var error = Reject("a\r\nb\u0007'\\\u202E");

        Assert.DoesNotContain(error, c => c < ' ' || c > '~');
        Assert.StartsWith("'a\\u000D\\u000Ab\\u0007\\u0027\\u005C\\u202E'", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(14)]
    [InlineData(64)]
    [InlineData(65)]
    public void Parse_LongerThanStandard_FailsInStrictMode(int length)
    {
        Assert.False(OrgCode.TryParse(new string('0', length), out _));
    }

    [Fact]
    public void Parse_OverMaxLength_FailsStatingTheLengthInStrictMode()
    {
        var error = RejectBothWays(new string('0', 65));

        Assert.Contains("it is 65 characters long; a code has 13", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OverMaxLength_FailsStatingTheLimitInTolerantMode()
    {
        var error = RejectBothWays("a" + new string('b', 64), OrgCodeForms.Tolerant);

        Assert.Contains("it is 65 characters long; at most 64 are accepted", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MaxLengthLegacyCode_IsAccepted()
    {
        var text = "a" + new string('b', OrgCode.MaxLength - 1);

        var code = OrgCode.Parse(text, OrgCodeForms.Legacy);

        Assert.Equal(OrgCodeKind.Legacy, code.Kind);
        Assert.Equal(text, code.ToString());
    }

    [Fact]
    public void Parse_HugeInput_EchoesOnlyABoundedPrefix()
    {
        var huge = new string('9', 1_000_000);

        var error = RejectBothWays(huge, OrgCodeForms.Tolerant);

        Assert.StartsWith("'" + new string('9', 64) + "...'", error, StringComparison.Ordinal);
        Assert.Contains("it is 1000000 characters long", error, StringComparison.Ordinal);
        Assert.True(error.Length < 300, $"message is {error.Length} characters long");
    }

    [Fact]
    public void Parse_HugeInputWithWhitespace_ReportsLengthBeforeAnythingElse()
    {
        var error = Reject(" " + new string('x', 100) + " ", OrgCodeForms.Tolerant);

        Assert.Contains("characters long", error, StringComparison.Ordinal);
    }
}
