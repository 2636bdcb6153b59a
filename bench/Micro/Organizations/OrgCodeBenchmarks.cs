using BenchmarkDotNet.Attributes;
using Gateway.Benchmarks.Config;
using Gateway.Protocol.Organizations;

namespace Gateway.Benchmarks.Organizations;

/// <summary>
/// The per-call costs behind routing: parsing addresses from traffic, formatting them back, and the
/// hierarchy steps a prefix route lookup takes. Budget: a route lookup in a 120,000-code registry
/// stays under 1 µs, so each of these should be a few tens of nanoseconds at most.
/// </summary>
[BenchmarkCategory(Categories.Fast)]
public class OrgCodeBenchmarks
{
    private readonly string _standardText = "000.46.24.H44";
    private readonly char[] _standardChars = "000.46.24.H44".ToCharArray();
    private readonly string _centerText = "vxp.saas.03";
    private readonly string _legacyText = "SO-TTTT.HN_01";
    private readonly string _invalidText = "000.00.0.G22";
    private readonly OrgCode _code = OrgCode.Parse("001.46.24.H44");
    private readonly OrgCode _ancestor = OrgCode.Parse("000.00.24.H44");

    [Benchmark(Baseline = true, Description = "Parse strict (kept string)")]
    public OrgCode ParseStrictString()
    {
        _ = OrgCode.TryParse(_standardText, out var code);
        return code;
    }

    [Benchmark(Description = "Parse strict (span)")]
    public OrgCode ParseStrictSpan()
    {
        _ = OrgCode.TryParse(_standardChars, out var code);
        return code;
    }

    [Benchmark(Description = "Parse tolerant (centre id)")]
    public OrgCode ParseTolerantCenterId()
    {
        _ = OrgCode.TryParse(_centerText, OrgCodeForms.Tolerant, out var code, out _);
        return code;
    }

    [Benchmark(Description = "Parse tolerant (legacy)")]
    public OrgCode ParseTolerantLegacy()
    {
        _ = OrgCode.TryParse(_legacyText, OrgCodeForms.Tolerant, out var code, out _);
        return code;
    }

    [Benchmark(Description = "Reject, no message")]
    public bool RejectSilently() => OrgCode.TryParse(_invalidText, out _);

    [Benchmark(Description = "Reject with message")]
    public string? RejectWithMessage()
    {
        _ = OrgCode.TryParse(_invalidText, OrgCodeForms.Strict, out _, out var error);
        return error;
    }

    [Benchmark(Description = "ToString")]
    public string Format() => _code.ToString();

    [Benchmark(Description = "Parent")]
    public OrgCode? Parent() => _code.Parent;

    [Benchmark(Description = "Level")]
    public int Level() => _code.Level;

    [Benchmark(Description = "IsDescendantOf")]
    public bool IsDescendantOf() => _code.IsDescendantOf(_ancestor);
}
