using System.Text.RegularExpressions;
using CsCheck;
using Gateway.Protocol.Organizations;

namespace Gateway.Protocol.Tests.Organizations;

public sealed partial class OrgCodePropertyTests
{
    private const long Iterations = 2_000;

    // The oracle is the pattern from the decision, with [0-9] because .NET's \d matches every Unicode digit.
    [GeneratedRegex("^[0-9]{3}\\.[0-9]{2}\\.[0-9]{2}\\.[A-Z][0-9]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex StrictPattern();

    // Digits, capitals, the separator, and characters that are wrong in instructive ways.
    private const string MutationPool = "0123456789ABCGHOWZ.agz -_/,:\u0663\u06F0\uFF10\uFF21\u0110\u00A0\u200B\0";

    [Fact]
    public void ParseThenFormat_GeneratedStandardParts_RoundTripsEveryPart()
    {
        OrgCodeGenerators.StandardParts.Sample(parts =>
        {
            var text = OrgCodeGenerators.Format(parts);
            var code = OrgCode.Parse(text);

            Assert.Equal(text, code.ToString());
            Assert.Equal(OrgCodeKind.Standard, code.Kind);
            Assert.Equal(parts.Letter, code.UnitLetter);
            Assert.Equal($"{parts.Letter}{parts.Number:D2}", code.Unit.ToString());
            var expectedLevel = parts.Ccc != 0 ? 4 : parts.Bb != 0 ? 3 : parts.Aa != 0 ? 2 : 1;
            Assert.Equal(expectedLevel, code.Level);
        }, iter: Iterations);
    }

    [Fact]
    public void ParseOfFormat_GeneratedStandardCode_IsTheSameCode()
    {
        OrgCodeGenerators.Standard.Select(t => OrgCode.Parse(t)).Sample(code =>
        {
            var again = OrgCode.Parse(code.ToString());

            Assert.Equal(code, again);
            Assert.Equal(code.Kind, again.Kind);
            Assert.Equal(code.GetHashCode(), again.GetHashCode());
        }, iter: Iterations);
    }

    [Fact]
    public void FormatOfParse_GeneratedValidStrings_IsTheSameString()
    {
        var any = Gen.OneOf(
            OrgCodeGenerators.Standard.Select(t => (t, OrgCodeKind.Standard)),
            OrgCodeGenerators.CenterId.Select(t => (t, OrgCodeKind.CenterId)),
            OrgCodeGenerators.ShortCode.Select(t => (t, OrgCodeKind.ShortCode)),
            OrgCodeGenerators.Legacy.Select(t => (t, OrgCodeKind.Legacy)));

        any.Sample((text, kind) =>
        {
            Assert.True(OrgCode.TryParse(text, OrgCodeForms.Tolerant, out var code, out var error), error);
            Assert.True(OrgCode.TryParse(text.AsSpan(), OrgCodeForms.Tolerant, out var fromSpan, out _));

            Assert.Equal(text, code.ToString());
            Assert.Equal(kind, code.Kind);
            Assert.Equal(code, fromSpan);
        }, iter: Iterations);
    }

    [Fact]
    public void ParentChain_AnyStandardCode_EndsAtLevel1UnitWithStrictlyDecreasingLevel()
    {
        OrgCodeGenerators.Standard.Select(t => OrgCode.Parse(t)).Sample(code =>
        {
            var current = code;
            var steps = 0;
            while (current.TryGetParent(out var parent))
            {
                Assert.True(parent.Level < current.Level, $"{parent} is not above {current}");
                Assert.True(code.IsDescendantOf(parent));
                Assert.True(parent < code, $"{parent} does not sort before its descendant {code}");
                Assert.Equal(code.Unit.ToString(), parent.Unit.ToString());
                current = parent;
                Assert.True(++steps <= 3, "a standard code has at most three ancestors");
            }

            Assert.Equal(1, current.Level);
            Assert.Equal(code.Level1Unit, current);
            Assert.Equal(steps, code.GetAncestors().Count());
        }, iter: Iterations);
    }

    [Fact]
    public void IsDescendantOf_RelatedPairs_AgreesWithTheAncestorChain()
    {
        OrgCodeGenerators.RelatedPair.Sample((a, b) =>
        {
            var code = OrgCode.Parse(a);
            var other = OrgCode.Parse(b);

            Assert.Equal(code.GetAncestors().Contains(other), code.IsDescendantOf(other));
            Assert.Equal(code == other || code.IsDescendantOf(other), code.IsSelfOrDescendantOf(other));
            Assert.False(code.IsDescendantOf(other) && other.IsDescendantOf(code));
        }, iter: Iterations);
    }

    [Fact]
    public void CompareTo_RelatedPairs_IsAntisymmetricAndAgreesWithEquals()
    {
        OrgCodeGenerators.RelatedPair.Sample((a, b) =>
        {
            var x = OrgCode.Parse(a);
            var y = OrgCode.Parse(b);

            Assert.Equal(Math.Sign(x.CompareTo(y)), -Math.Sign(y.CompareTo(x)));
            Assert.Equal(x.Equals(y), x.CompareTo(y) == 0);
        }, iter: Iterations);
    }

    [Fact]
    public void Mutation_ShapeChangingCharacter_IsRejectedInStrictMode()
    {
        OrgCodeGenerators.Standard.Sample(text =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                foreach (var c in MutationPool)
                {
                    var mutated = string.Concat(text.AsSpan(0, i), c.ToString(), text.AsSpan(i + 1));
                    var accepted = OrgCode.TryParse(mutated, OrgCodeForms.Strict, out _, out var error);

                    Assert.Equal(StrictPattern().IsMatch(mutated), accepted);
                    if (!accepted)
                    {
                        Assert.StartsWith(OrgCodeMessages.Quote(mutated) + " is not an organisation code: ", error, StringComparison.Ordinal);
                    }
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void Mutation_InsertedOrDeletedCharacter_IsRejectedInStrictMode()
    {
        OrgCodeGenerators.Standard.Sample(text =>
        {
            for (var i = 0; i <= text.Length; i++)
            {
                Assert.False(OrgCode.TryParse(text.Insert(i, "0"), out _));
                Assert.False(OrgCode.TryParse(text.Insert(i, "."), out _));
                if (i < text.Length)
                {
                    Assert.False(OrgCode.TryParse(text.Remove(i, 1), out _));
                }
            }
        }, iter: 200);
    }

    [Fact]
    public void TolerantParse_AnyStrictCode_IsAcceptedAsStandard()
    {
        OrgCodeGenerators.Standard.Sample(text =>
        {
            foreach (var forms in new[] { OrgCodeForms.CenterId, OrgCodeForms.ShortCode, OrgCodeForms.Legacy, OrgCodeForms.Tolerant })
            {
                var code = OrgCode.Parse(text, forms);

                Assert.Equal(OrgCodeKind.Standard, code.Kind);
                Assert.Equal(OrgCode.Parse(text), code);
            }
        }, iter: Iterations);
    }

    [Fact]
    public void StrictParse_AnyString_AgreesWithTheDecisionPattern()
    {
        Gen.String.Sample(text =>
        {
            Assert.Equal(StrictPattern().IsMatch(text), OrgCode.TryParse(text, out _));
        }, iter: Iterations);
    }

    [Fact]
    public void ErrorMessage_AnyInput_IsBoundedPrintableAsciiAndAgreesAcrossOverloads()
    {
        var forms = Gen.OneOf(OrgCodeForms.Strict, OrgCodeForms.Legacy, OrgCodeForms.Tolerant);
        var text = Gen.OneOf(Gen.String, Gen.String[Gen.Char["0123456789.AGHagh-_ \u0663\uFF10"], 0, 80]);

        Gen.Select(text, forms).Sample((input, mode) =>
        {
            var ok = OrgCode.TryParse(input, mode, out var code, out var error);
            var okSpan = OrgCode.TryParse(input.AsSpan(), mode, out var codeSpan, out var errorSpan);

            Assert.Equal(ok, okSpan);
            Assert.Equal(code, codeSpan);
            Assert.Equal(error, errorSpan);
            if (!ok)
            {
                Assert.DoesNotContain(error!, c => c < ' ' || c > '~');
                Assert.True(error!.Length < 700, error);
            }
        }, iter: Iterations);
    }
}
