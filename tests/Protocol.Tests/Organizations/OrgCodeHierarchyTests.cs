using Gateway.Protocol.Organizations;

namespace Gateway.Protocol.Tests.Organizations;

public sealed class OrgCodeHierarchyTests
{
    private static OrgCode C(string text) => OrgCode.Parse(text);

    [Theory]
    [InlineData("000.00.00.G22", 1)]
    [InlineData("000.00.00.H41", 1)]
    [InlineData("000.00.04.G14", 2)]
    [InlineData("000.00.24.H44", 2)]
    [InlineData("000.46.24.H44", 3)]
    [InlineData("001.46.24.H44", 4)]
    [InlineData("999.99.99.Z99", 4)]
    [InlineData("001.00.24.H44", 4)] // zero between non-zero segments: the deepest non-zero one decides
    [InlineData("000.46.00.H44", 3)]
    [InlineData("001.00.00.H44", 4)]
    [InlineData("100.00.00.H44", 4)]
    [InlineData("000.10.00.H44", 3)]
    [InlineData("000.00.10.H44", 2)]
    public void Level_StandardCode_IsDepthOfDeepestNonZeroSegment(string text, int level)
    {
        Assert.Equal(level, C(text).Level);
    }

    [Theory]
    [InlineData("000.46.24.H44", "000.00.24.H44")] // the domain example
    [InlineData("000.00.24.H44", "000.00.00.H44")]
    [InlineData("000.00.04.G14", "000.00.00.G14")]
    [InlineData("001.46.24.H44", "000.46.24.H44")]
    [InlineData("999.99.99.Z99", "000.99.99.Z99")]
    [InlineData("001.00.24.H44", "000.00.24.H44")] // skips the zero level
    [InlineData("000.46.00.H44", "000.00.00.H44")]
    [InlineData("123.00.00.G01", "000.00.00.G01")]
    public void Parent_StandardCode_ZeroesTheDeepestNonZeroSegment(string child, string parent)
    {
        var code = C(child);

        Assert.True(code.TryGetParent(out var viaTry));
        Assert.Equal(C(parent), viaTry);
        Assert.Equal(C(parent), code.Parent);
        Assert.Equal(OrgCodeKind.Standard, viaTry.Kind);
    }

    [Theory]
    [InlineData("000.00.00.G22")]
    [InlineData("000.00.00.H41")]
    public void Parent_Level1Unit_IsNull(string text)
    {
        var code = C(text);

        Assert.Null(code.Parent);
        Assert.False(code.TryGetParent(out var parent));
        Assert.Equal(default, parent);
        Assert.Empty(code.GetAncestors());
    }

    [Theory]
    [InlineData("000.00.00.G22", "000.00.00.G22")]
    [InlineData("000.00.04.G14", "000.00.00.G14")]
    [InlineData("000.46.24.H44", "000.00.00.H44")]
    [InlineData("001.46.24.H44", "000.00.00.H44")]
    [InlineData("001.00.00.H44", "000.00.00.H44")]
    public void Level1Unit_StandardCode_KeepsOnlyTheUnit(string text, string unit)
    {
        var level1 = C(text).Level1Unit;

        Assert.Equal(C(unit), level1);
        Assert.Equal(1, level1!.Value.Level);
    }

    [Fact]
    public void Level1Unit_Level1Code_ReturnsTheSameText()
    {
        var text = "000.00.00.G22";

        Assert.Same(text, OrgCode.Parse(text).Level1Unit!.Value.ToString());
    }

    [Theory]
    [InlineData("000.46.24.H44", "H44", 'H')]
    [InlineData("000.00.00.G22", "G22", 'G')]
    [InlineData("000.00.04.G14", "G14", 'G')]
    public void Unit_StandardCode_IsTheXnnSymbol(string text, string unit, char letter)
    {
        var code = C(text);

        Assert.Equal(unit, code.Unit.ToString());
        Assert.Equal(letter, code.UnitLetter);
    }

    [Fact]
    public void GetAncestors_Level4Code_ListsParentsNearestFirst()
    {
        var ancestors = C("001.46.24.H44").GetAncestors().ToList();

        Assert.Equal([C("000.46.24.H44"), C("000.00.24.H44"), C("000.00.00.H44")], ancestors);
    }

    [Fact]
    public void GetAncestors_CodeWithZeroGap_SkipsTheMissingLevel()
    {
        var ancestors = C("001.00.24.H44").GetAncestors().Select(a => a.Level).ToList();

        Assert.Equal([2, 1], ancestors);
    }

    [Theory]
    [InlineData("000.46.24.H44", "000.00.24.H44")] // child of the domain example
    [InlineData("000.46.24.H44", "000.00.00.H44")] // all of H44
    [InlineData("001.46.24.H44", "000.46.24.H44")]
    [InlineData("001.46.24.H44", "000.00.24.H44")]
    [InlineData("001.46.24.H44", "000.00.00.H44")]
    [InlineData("001.00.24.H44", "000.00.24.H44")]
    [InlineData("000.46.00.H44", "000.00.00.H44")]
    [InlineData("000.00.04.G14", "000.00.00.G14")]
    public void IsDescendantOf_Ancestor_IsTrue(string code, string ancestor)
    {
        Assert.True(C(code).IsDescendantOf(C(ancestor)));
        Assert.True(C(code).IsSelfOrDescendantOf(C(ancestor)));
        Assert.Contains(C(ancestor), C(code).GetAncestors());
    }

    [Theory]
    [InlineData("000.00.24.H44", "000.46.24.H44")] // parent is not below its child
    [InlineData("000.46.24.H44", "000.46.24.H44")] // not its own descendant
    [InlineData("000.00.00.H44", "000.00.00.H44")]
    [InlineData("000.46.24.H44", "000.00.25.H44")] // sibling subtree
    [InlineData("000.46.24.H44", "000.00.24.H45")] // another province
    [InlineData("000.46.24.H44", "000.00.00.G44")] // same digits, another letter
    [InlineData("000.46.00.H44", "000.00.24.H44")]
    [InlineData("001.00.24.H44", "000.46.24.H44")]
    [InlineData("001.46.24.H44", "000.47.24.H44")]
    [InlineData("000.00.24.H44", "000.46.00.H44")]
    public void IsDescendantOf_NotAnAncestor_IsFalse(string code, string other)
    {
        Assert.False(C(code).IsDescendantOf(C(other)));
        Assert.DoesNotContain(C(other), C(code).GetAncestors());
    }

    [Fact]
    public void IsSelfOrDescendantOf_Self_IsTrue()
    {
        Assert.True(C("000.00.24.H44").IsSelfOrDescendantOf(C("000.00.24.H44")));
        Assert.False(C("000.00.24.H44").IsSelfOrDescendantOf(C("000.46.24.H44")));
    }

    [Fact]
    public void Hierarchy_Default_HasNoneAndDoesNotThrow()
    {
        OrgCode none = default;
        var unit = C("000.00.00.H44");

        Assert.Equal(0, none.Level);
        Assert.Null(none.Parent);
        Assert.Null(none.Level1Unit);
        Assert.True(none.Unit.IsEmpty);
        Assert.Empty(none.GetAncestors());
        Assert.False(none.IsDescendantOf(unit));
        Assert.False(unit.IsDescendantOf(none));
        Assert.False(none.IsSelfOrDescendantOf(none));
    }
}
