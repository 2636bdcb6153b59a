using System.Net;
using Gateway.Cli.Stats;
using Gateway.Tests.Support;

namespace Gateway.Tests.Observability;

/// <summary>Scrapes a test gateway's metrics listener (bound to port 0, so found among its addresses) as Prometheus would.</summary>
internal sealed class MetricsScraper : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private MetricsScraper(Uri metrics) => Url = metrics;

    public Uri Url { get; }

    /// <summary>The listener that answers GET /metrics over HTTP/1.1 (the gRPC listeners speak HTTP/2 only).</summary>
    public static async Task<MetricsScraper> FindAsync(TestGateway gateway)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var address in gateway.Addresses)
        {
            var url = new Uri(address, "/metrics");
            try
            {
                using var response = await probe.GetAsync(url);
                if (response.StatusCode == HttpStatusCode.OK)
                    return new MetricsScraper(url);
            }
            catch (HttpRequestException)
            {
                // Not this listener.
            }
        }

        throw new InvalidOperationException($"no listener of {string.Join(", ", gateway.Addresses)} serves /metrics");
    }

    public async Task<string> TextAsync()
    {
        using var response = await _http.GetAsync(Url);
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    public async Task<List<MetricSample>> SamplesAsync() => PrometheusText.Parse(await TextAsync());

    /// <summary>Sum of a metric's samples whose labels include every given pair.</summary>
    public static double Sum(IEnumerable<MetricSample> samples, string name, params (string Label, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Label(l.Label) == l.Value)).Sum(s => s.Value);

    /// <summary>Scrapes until <paramref name="done"/> holds (sampled gauges lag by up to one sample interval), or fails after 15 s.</summary>
    public async Task<List<MetricSample>> UntilAsync(Func<List<MetricSample>, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var samples = await SamplesAsync();
            if (done(samples) || DateTime.UtcNow > deadline)
                return samples;
            await Task.Delay(50);
        }
    }

    public void Dispose() => _http.Dispose();
}
