using Gateway.Protocol.Organizations;

namespace Gateway.Protocol.Tests.Organizations;

/// <summary>The hot-path promises: parsing a kept string and hierarchy checks allocate nothing.</summary>
public sealed class OrgCodeAllocationTests
{
    private static long Allocated(Action action)
    {
        action(); // JIT and first-call costs are not what is being measured
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            action();
        }

        return (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
    }

    [Fact]
    public void TryParse_KeptString_AllocatesNothing()
    {
        var text = "000.46.24.H44";

        Assert.Equal(0, Allocated(() => _ = OrgCode.TryParse(text, out _)));
    }

    [Fact]
    public void TryParse_InvalidWithoutAskingForTheReason_AllocatesNothing()
    {
        var text = "000.00.0.G22";

        Assert.Equal(0, Allocated(() => _ = OrgCode.TryParse(text, out _)));
    }

    [Fact]
    public void TryParse_Span_AllocatesOnlyTheText()
    {
        var buffer = "000.46.24.H44".ToCharArray();
        var oneString = Allocated(() => _ = new string(buffer));

        Assert.Equal(oneString, Allocated(() => _ = OrgCode.TryParse(buffer, out _)));
    }

    [Fact]
    public void Hierarchy_Checks_AllocateNothing()
    {
        var code = OrgCode.Parse("001.46.24.H44");
        var ancestor = OrgCode.Parse("000.00.24.H44");

        Assert.Equal(0, Allocated(() => _ = code.IsDescendantOf(ancestor)));
        Assert.Equal(0, Allocated(() => _ = code.Level));
        Assert.Equal(0, Allocated(() => _ = code.Equals(ancestor)));
        Assert.Equal(0, Allocated(() => _ = code.CompareTo(ancestor)));
        Assert.Equal(0, Allocated(() => _ = code.GetHashCode()));
    }
}
