using System.Globalization;
using CsCheck;

namespace Gateway.Protocol.Tests.Organizations;

/// <summary>Generators for property tests: valid texts of every form, biased towards the interesting values.</summary>
internal static class OrgCodeGenerators
{
    public const string UpperLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";

    // Zero is what shapes the hierarchy, so it gets half of the draws.
    private static Gen<int> Segment(int max) => Gen.OneOf(Gen.Const(0), Gen.Int[1, max]);

    /// <summary>The parts of a standard code: (CCC, BB, AA, unit letter, nn).</summary>
    public static readonly Gen<(int Ccc, int Bb, int Aa, char Letter, int Number)> StandardParts =
        Gen.Select(Segment(999), Segment(99), Segment(99), Gen.Char[UpperLetters], Gen.Int[0, 99]);

    public static string Format((int Ccc, int Bb, int Aa, char Letter, int Number) p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Ccc:D3}.{p.Bb:D2}.{p.Aa:D2}.{p.Letter}{p.Number:D2}");

    public static readonly Gen<string> Standard = StandardParts.Select(Format);

    /// <summary>Two standard codes in the same small unit, so ancestor relations actually occur.</summary>
    public static readonly Gen<(string, string)> RelatedPair = Gen.Select(
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 2]),
        Gen.Select(Gen.Int[0, 2], Gen.Int[0, 2], Gen.Int[0, 2]),
        (a, b) => (Small(a), Small(b)));

    private static string Small((int Ccc, int Bb, int Aa) p) =>
        string.Create(CultureInfo.InvariantCulture, $"{p.Ccc:D3}.{p.Bb:D2}.{p.Aa:D2}.H44");

    public static readonly Gen<string> CenterId = Gen.OneOf(
        Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99], Gen.Char[UpperLetters], Gen.Int[0, 99],
            (a, b, c, d) => string.Create(CultureInfo.InvariantCulture, $"{a:D2}.{b:D2}.{c}{d:D2}")),
        Gen.Select(Token("abcdefghijklmnopqrstuvwxyz0123456789"), Gen.Int[0, 99],
            (name, n) => string.Create(CultureInfo.InvariantCulture, $"vxp.{name}.{n:D2}")));

    public static readonly Gen<string> ShortCode = Gen.Select(
        Gen.Char[UpperLetters], Gen.Int[0, 99], Gen.Int[0, 999].Array[1, 3],
        (letter, n, rest) => string.Create(CultureInfo.InvariantCulture, $"{letter}{n:D2}.{string.Join('.', rest)}"));

    /// <summary>Dotted tokens that start with a lower-case letter, so they never look like any other form.</summary>
    public static readonly Gen<string> Legacy = Gen.Select(
        Gen.Char["abcdefghijklmnopqrstuwyz"],
        Token("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_").Array[0, 4],
        (first, rest) => rest.Length == 0 ? first.ToString() : first + "." + string.Join('.', rest.Select(t => "x" + t)));

    private static Gen<string> Token(string alphabet) => Gen.String[Gen.Char[alphabet], 1, 8];
}
