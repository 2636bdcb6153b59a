using Gateway.Cli.Stats;

namespace Gateway.Tests.Observability;

/// <summary>The exposition reader behind `gateway stats`, and the quantile it estimates from histogram buckets.</summary>
public sealed class PrometheusTextTests
{
    [Fact]
    public void Parse_SkipsCommentsAndReadsLabelsValuesAndSpecialNumbers()
    {
        var samples = PrometheusText.Parse("""
            # HELP gateway_queue_depth Deliveries.
            # TYPE gateway_queue_depth gauge
            gateway_queue_depth{kind="document",priority="flash",state="queued"} 12

            gateway_subject{text="Về việc \"thử\" \\ nghiệm\nhai dòng"} 1 1700000000000
            up NaN
            gateway_send_stage_duration_seconds_bucket{stage="total",le="+Inf"} +Inf
            """);

        Assert.Equal(4, samples.Count);
        Assert.Equal(("gateway_queue_depth", 12.0), (samples[0].Name, samples[0].Value));
        Assert.Equal("flash", samples[0].Label("priority"));
        Assert.Equal("Về việc \"thử\" \\ nghiệm\nhai dòng", samples[1].Label("text"));
        Assert.True(double.IsNaN(samples[2].Value));
        Assert.Empty(samples[2].Labels);
        Assert.Equal("+Inf", samples[3].Label("le"));
        Assert.True(double.IsPositiveInfinity(samples[3].Value));
    }

    [Theory]
    [InlineData("gateway_x{a=\"1\" 3", 1)]
    [InlineData("ok 1\n{a=\"1\"} 3", 2)]
    [InlineData("ok 1\nok 2\ngateway_x twelve", 3)]
    [InlineData("<html>not metrics</html>", 1)]
    public void Parse_NotTheFormat_NamesTheLine(string text, int line)
    {
        var error = Assert.Throws<FormatException>(() => PrometheusText.Parse(text));
        Assert.StartsWith($"line {line} is not a Prometheus sample", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Quantile_InterpolatesInsideTheBucket_AsHistogramQuantileDoes()
    {
        // 100 observations: 50 up to 1 ms, 40 more up to 5 ms, 10 more up to 10 ms.
        List<(double, double)> buckets = [(0.001, 50), (0.005, 90), (0.010, 100), (double.PositiveInfinity, 100)];

        Assert.Equal(0.001, StatsView.Quantile(buckets, 0.50)!.Value, 9);
        Assert.Equal(0.003, StatsView.Quantile(buckets, 0.70)!.Value, 9);
        Assert.Equal(0.0095, StatsView.Quantile(buckets, 0.99)!.Value, 9);
    }

    [Fact]
    public void Quantile_NoObservations_IsUnknown_AndTheOverflowBucketAnswersTheLastBound()
    {
        Assert.Null(StatsView.Quantile([(0.001, 0), (double.PositiveInfinity, 0)], 0.5));
        Assert.Equal(0.001, StatsView.Quantile([(0.001, 1), (double.PositiveInfinity, 10)], 0.99));
    }
}
