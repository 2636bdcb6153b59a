using System.CommandLine;
using System.CommandLine.Invocation;
using System.Diagnostics;
using Gateway.Configuration;

namespace Gateway.Cli.Stats;

/// <summary>
/// `gateway stats [--metrics URL] [--interval 1s] [--once] [--json]`: live throughput, latency and
/// queue depths of a running gateway, read from its Prometheus endpoint (Metrics:Endpoint). Refreshes
/// like top until Ctrl+C; <c>--once</c> takes two scrapes one interval apart, prints, and exits.
/// Exit 4 when the endpoint cannot be reached, 5 when it answers with something other than metrics.
/// </summary>
internal static class StatsCommand
{
    public const string Name = "stats";
    public const string DefaultUrl = "http://127.0.0.1:7401/metrics";
    public const string UrlVariable = "GATEWAY_METRICS";

    public static Command Create()
    {
        var url = new Option<string?>("--metrics")
        {
            HelpName = "URL",
            Description = $"The gateway's metrics endpoint (env {UrlVariable}; default {DefaultUrl}).",
        };
        var interval = new Option<string>("--interval")
        {
            HelpName = "DURATION",
            Description = "Time between scrapes; rates are measured over it (100ms..1h).",
            DefaultValueFactory = _ => "1s",
        };
        var once = new Option<bool>("--once") { Description = "Scrape twice, one interval apart, print once and exit." };
        var json = new Option<bool>("--json") { Description = "Print JSON (one object per interval) instead of the screen." };
        var command = new Command(Name, "Show live throughput, latency and queue depths of a running gateway (from its /metrics).")
        {
            url, interval, once, json,
        };
        command.Action = new StatsAction(url, interval, once, json);
        return command;
    }

    private sealed class StatsAction(Option<string?> urlOption, Option<string> intervalOption, Option<bool> onceOption, Option<bool> jsonOption)
        : AsynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override async Task<int> InvokeAsync(ParseResult parse, CancellationToken cancellationToken = default)
        {
            if (ParseProblems.Describe(parse, Name) is { } problem)
                return Fail(ExitCodes.Configuration, problem);
            var text = parse.GetValue(urlOption) ?? Environment.GetEnvironmentVariable(UrlVariable) ?? DefaultUrl;
            if (!Uri.TryCreate(text, UriKind.Absolute, out var source) || (source.Scheme != Uri.UriSchemeHttp && source.Scheme != Uri.UriSchemeHttps))
                return Fail(ExitCodes.Configuration, $"--metrics: '{text}' is not an http URL (for example {DefaultUrl})");
            if (SettingParsers.TryDuration(parse.GetValue(intervalOption)!, out var interval) is { } bad)
                return Fail(ExitCodes.Configuration, $"--interval: {bad}");
            if (interval < TimeSpan.FromMilliseconds(100) || interval > TimeSpan.FromHours(1))
                return Fail(ExitCodes.Configuration, $"--interval: {interval.TotalSeconds:0.###}s is outside 100ms..1h");

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            var scraper = new Scraper(http, source);
            var json = parse.GetValue(jsonOption);
            var screen = !json && !Console.IsOutputRedirected;
            try
            {
                var before = await scraper.TakeAsync(cancellationToken);
                do
                {
                    await Task.Delay(interval, cancellationToken);
                    var after = await scraper.TakeAsync(cancellationToken);
                    var view = StatsView.Between(before, after, Stopwatch.GetElapsedTime(before.TakenAtTicks, after.TakenAtTicks).TotalSeconds);
                    var at = DateTimeOffset.UtcNow;
                    if (json)
                        Console.Out.WriteLine(StatsOutput.Json(view, source, at));
                    else
                        Console.Out.Write((screen ? "\u001b[H\u001b[2J" : "") + StatsOutput.Text(view, source, at) + (screen ? "" : Environment.NewLine));
                    before = after;
                }
                while (!parse.GetValue(onceOption));
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            catch (ScrapeException ex)
            {
                return Fail(ex.ExitCode, ex.Message);
            }
        }

        private static int Fail(int exitCode, string message)
        {
            Console.Error.WriteLine($"gateway: {Name}: {message}");
            return exitCode;
        }
    }

    private sealed class Scraper(HttpClient http, Uri source)
    {
        public async Task<StatsSnapshot> TakeAsync(CancellationToken cancellationToken)
        {
            string body;
            try
            {
                using var response = await http.GetAsync(source, cancellationToken);
                body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (!response.IsSuccessStatusCode)
                    throw new ScrapeException(ExitCodes.Refused, $"{source} answered {(int)response.StatusCode} {response.ReasonPhrase}: {body.Trim()}");
            }
            catch (HttpRequestException ex)
            {
                throw new ScrapeException(ExitCodes.Unavailable, $"cannot reach {source} ({ex.Message.TrimEnd('.')}); is the gateway running with Metrics:Endpoint set?");
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new ScrapeException(ExitCodes.Unavailable, $"{source} did not answer within {http.Timeout.TotalSeconds:0} s");
            }

            var taken = Stopwatch.GetTimestamp();
            try
            {
                var samples = PrometheusText.Parse(body);
                if (!samples.Exists(s => s.Name.StartsWith("gateway_", StringComparison.Ordinal)))
                    throw new ScrapeException(ExitCodes.Refused, $"{source} serves no gateway_* metrics: is it an axis gateway's Metrics:Endpoint?");
                return StatsSnapshot.From(samples, taken);
            }
            catch (FormatException ex)
            {
                throw new ScrapeException(ExitCodes.Refused, $"{source} did not answer in the Prometheus text format: {ex.Message}");
            }
        }
    }

    private sealed class ScrapeException(int exitCode, string message) : Exception(message)
    {
        public int ExitCode { get; } = exitCode;
    }
}
