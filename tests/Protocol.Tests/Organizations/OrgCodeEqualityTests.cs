using Gateway.Protocol.Organizations;

namespace Gateway.Protocol.Tests.Organizations;

public sealed class OrgCodeEqualityTests
{
    [Fact]
    public void Equals_SameTextFromDifferentSources_IsEqualWithSameHash()
    {
        var fromString = OrgCode.Parse("000.46.24.H44");
        Assert.True(OrgCode.TryParse("x000.46.24.H44".AsSpan(1), out var fromSpan));

        Assert.True(fromString.Equals(fromSpan));
        Assert.True(fromString == fromSpan);
        Assert.False(fromString != fromSpan);
        Assert.True(fromString.Equals((object)fromSpan));
        Assert.Equal(fromString.GetHashCode(), fromSpan.GetHashCode());
        Assert.Equal(0, fromString.CompareTo(fromSpan));
    }

    [Fact]
    public void Equals_DifferentCodes_AreNotEqual()
    {
        var a = OrgCode.Parse("000.46.24.H44");
        var b = OrgCode.Parse("000.00.24.H44");

        Assert.NotEqual(a, b);
        Assert.True(a != b);
        Assert.False(a.Equals((object)"000.46.24.H44"));
        Assert.False(a.Equals(null));
    }

    [Fact]
    public void Equals_SameTextParsedStrictOrTolerant_IsEqual()
    {
        Assert.Equal(OrgCode.Parse("000.00.00.G22"), OrgCode.Parse("000.00.00.G22", OrgCodeForms.Tolerant));
    }

    [Fact]
    public void Equals_IsOrdinal_CaseMatters()
    {
        var upper = OrgCode.Parse("VXP.SAAS.03", OrgCodeForms.Tolerant);
        var lower = OrgCode.Parse("vxp.saas.03", OrgCodeForms.Tolerant);

        Assert.NotEqual(upper, lower);
        Assert.NotEqual(0, upper.CompareTo(lower));
    }

    [Fact]
    public void Default_IsTheEmptyCode()
    {
        OrgCode none = default;

        Assert.True(none.IsEmpty);
        Assert.Equal(OrgCodeKind.None, none.Kind);
        Assert.Equal(string.Empty, none.ToString());
        Assert.Equal(0, none.GetHashCode());
        Assert.Equal(default(OrgCode), none);
        Assert.NotEqual(OrgCode.Parse("000.00.00.G22"), none);
        Assert.True(none < OrgCode.Parse("000.00.00.A00"));
        Assert.True(none < OrgCode.Parse("a", OrgCodeForms.Legacy));
        Assert.Equal(0, none.CompareTo(default));
    }

    [Fact]
    public void CompareTo_StandardCodes_SortsEachUnitBeforeItsSubordinates()
    {
        string[] expected =
        [
            "000.00.00.G22",
            "000.00.00.H41",
            "000.00.00.H44",
            "000.46.00.H44",
            "000.00.24.H44",
            "001.00.24.H44",
            "000.46.24.H44",
            "001.46.24.H44",
            "000.00.25.H44",
        ];
        var shuffled = expected.Reverse().Select(t => OrgCode.Parse(t)).ToList();

        shuffled.Sort();

        Assert.Equal(expected, shuffled.Select(c => c.ToString()));
    }

    [Fact]
    public void CompareTo_MixedKinds_SortsByKindThenOrdinally()
    {
        var codes = new[] { "zz", "H01.151", "vxp.saas.03", "000.00.00.G22", "00.53.W00", "G12.01", "AA" }
            .Select(t => OrgCode.Parse(t, OrgCodeForms.Tolerant))
            .Append(default)
            .ToList();

        codes.Sort();

        Assert.Equal(["", "000.00.00.G22", "00.53.W00", "vxp.saas.03", "G12.01", "H01.151", "AA", "zz"], codes.Select(c => c.ToString()));
    }

    [Fact]
    public void ComparisonOperators_FollowCompareTo()
    {
        var low = OrgCode.Parse("000.00.00.H44");
        var high = OrgCode.Parse("000.00.24.H44");

        Assert.True(low < high);
        Assert.True(low <= high);
        Assert.True(high > low);
        Assert.True(high >= low);
        var same = OrgCode.Parse("000.00.00.H44");
        Assert.True(low <= same);
        Assert.True(low >= same);
        Assert.False(high < low);
    }

    [Fact]
    public void CompareTo_Object_HandlesNullAndRejectsOtherTypes()
    {
        var code = OrgCode.Parse("000.00.00.G22");

        Assert.True(code.CompareTo(null) > 0);
        Assert.Equal(0, code.CompareTo((object)OrgCode.Parse("000.00.00.G22")));
        Assert.Throws<ArgumentException>(() => code.CompareTo((object)"000.00.00.G22"));
    }

    [Fact]
    public void HashSet_LooksUpCodesParsedFromSpans()
    {
        var registry = new HashSet<OrgCode> { OrgCode.Parse("000.00.00.G22"), OrgCode.Parse("00.53.W00", OrgCodeForms.CenterId) };

        Assert.True(OrgCode.TryParse("[000.00.00.G22]".AsSpan(1, 13), out var probe));

        Assert.Contains(probe, registry);
        Assert.DoesNotContain(OrgCode.Parse("000.00.00.G23"), registry);
    }
}
