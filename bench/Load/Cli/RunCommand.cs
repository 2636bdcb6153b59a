using System.CommandLine;
using System.Globalization;
using Gateway.Bench.Results;
using Gateway.Load.Harness;
using Gateway.Load.Scenarios;

namespace Gateway.Load.Cli;

/// <summary>`gateway-load run`: the options, their defaults (full and --quick), and their checks.</summary>
internal static class RunCommand
{
    private const string DefaultGateway = "src/Gateway/bin/Release/net10.0/gateway";

    public static Command Create(string[] args)
    {
        var gateway = new Option<string>("--gateway") { HelpName = "PATH", Description = $"The built gateway executable (default {DefaultGateway}; build it with `dotnet build -c Release src/Gateway`).", DefaultValueFactory = _ => DefaultGateway };
        var output = new Option<string>("--out") { HelpName = "PATH", Description = "Where to write the results JSON (bench/Results/LoadResults.cs).", DefaultValueFactory = _ => "results.json" };
        var quick = new Option<bool>("--quick") { Description = "The short development run: 4 s windows after 2 s warm-up, concurrency 8,64 (about 3 minutes)." };
        var scenarios = new Option<string>("--scenario") { HelpName = "NAMES", Description = $"Comma-separated scenarios: {string.Join(", ", ScenarioCatalog.All.Select(s => s.Name))}.", DefaultValueFactory = _ => "steady-4k" };
        var systems = new Option<string>("--systems") { HelpName = "NAMES", Description = "Comma-separated systems: gateway, echo, rabbitmq, sqlite.", DefaultValueFactory = _ => "gateway,echo,rabbitmq,sqlite" };
        var duration = new Option<string?>("--duration") { HelpName = "TIME", Description = "Timed window of each run, e.g. 10s (default 10s; --quick 4s)." };
        var warmUp = new Option<string?>("--warmup") { HelpName = "TIME", Description = "Warm-up before each window, not measured (default 3s; --quick 2s)." };
        var concurrency = new Option<string?>("--concurrency") { HelpName = "LIST", Description = "Concurrency sweep, comma-separated (default 1,8,32,128; --quick 8,64)." };
        var keyType = new Option<string>("--key-type") { HelpName = "rsa|ec", Description = "Sender signing keys: rsa (RSA-2048, default) or ec (ECDSA P-256).", DefaultValueFactory = _ => "rsa" };
        var senders = new Option<int>("--senders") { Description = "Sender systems (one org code and connection each).", DefaultValueFactory = _ => 2 };
        var recipients = new Option<int>("--recipients") { Description = "Recipient systems (one Exchange stream or consumer each).", DefaultValueFactory = _ => 2 };
        var credits = new Option<int>("--credits") { Description = "Exchange credits per recipient stream; RabbitMQ's prefetch.", DefaultValueFactory = _ => 64 };
        var work = new Option<string?>("--work") { HelpName = "DIR", Description = "Work directory (data, PKI, logs), kept afterwards; default a temporary one, removed after a successful run." };

        var command = new Command("run", "Run the load scenarios against a gateway and the same-run peers; write the results JSON.")
        {
            gateway, output, quick, scenarios, systems, duration, warmUp, concurrency, keyType, senders, recipients, credits, work,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            RunSettings settings;
            try
            {
                var isQuick = parse.GetValue(quick);
                settings = new RunSettings
                {
                    GatewayPath = Path.GetFullPath(parse.GetValue(gateway)!),
                    OutputPath = Path.GetFullPath(parse.GetValue(output)!),
                    Quick = isQuick,
                    Scenarios = Names(parse.GetValue(scenarios)!, name => ScenarioCatalog.Find(name)?.Name, "--scenario"),
                    Systems = Names(parse.GetValue(systems)!, SystemOf, "--systems"),
                    Duration = Time(parse.GetValue(duration) ?? (isQuick ? "4s" : "10s"), "--duration"),
                    WarmUp = Time(parse.GetValue(warmUp) ?? (isQuick ? "2s" : "3s"), "--warmup"),
                    Concurrency = Names(parse.GetValue(concurrency) ?? (isQuick ? "8,64" : "1,8,32,128"), Positive, "--concurrency"),
                    PkiKeyType = parse.GetValue(keyType) switch
                    {
                        "rsa" => "rsa-2048",
                        "ec" => "ecdsa-p256",
                        var other => throw new ArgumentException($"--key-type: '{other}' is not rsa or ec"),
                    },
                    Senders = Range(parse.GetValue(senders), 1, 99, "--senders"),
                    Recipients = Range(parse.GetValue(recipients), 1, 99, "--recipients"),
                    Credits = Range(parse.GetValue(credits), 1, 10_000, "--credits"),
                    WorkDirectory = parse.GetValue(work) is { } dir ? Path.GetFullPath(dir) : null,
                    Command = CommandLine(args),
                };
                if (settings.Systems.Contains(SystemUnderTest.Gateway) && !File.Exists(settings.GatewayPath))
                    throw new ArgumentException($"--gateway: '{settings.GatewayPath}' does not exist; build it with `dotnet build -c Release src/Gateway`");
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync($"gateway-load: {ex.Message}");
                return 2;
            }

            return await LoadHarness.RunAsync(settings, cancellationToken);
        });
        return command;
    }

    /// <summary>A comma-separated list; <paramref name="parse"/> returns null for an unknown item.</summary>
    private static List<T> Names<T>(string list, Func<string, T?> parse, string option) where T : struct =>
        Names(list, name => parse(name) is { } value ? value : (object?)null, option).Cast<T>().ToList();

    private static List<string> Names(string list, Func<string, string?> parse, string option) =>
        Names(list, name => (object?)parse(name), option).Cast<string>().ToList();

    private static List<object> Names(string list, Func<string, object?> parse, string option)
    {
        var values = new List<object>();
        foreach (var name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            values.Add(parse(name) ?? throw new ArgumentException($"{option}: '{name}' is not known"));
        return values.Count > 0 ? values : throw new ArgumentException($"{option}: empty");
    }

    private static SystemUnderTest? SystemOf(string name) => name.ToLowerInvariant() switch
    {
        "gateway" => SystemUnderTest.Gateway,
        "echo" => SystemUnderTest.Echo,
        "rabbitmq" or "rabbit" => SystemUnderTest.RabbitMq,
        "sqlite" => SystemUnderTest.Sqlite,
        _ => null,
    };

    private static int? Positive(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is > 0 and <= 4096 ? value : null;

    private static TimeSpan Time(string text, string option) =>
        DurationText.TryParse(text, out var value) ? value : throw new ArgumentException($"{option}: '{text}' is not a duration like 10s or 500ms");

    private static int Range(int value, int min, int max, string option) =>
        value >= min && value <= max ? value : throw new ArgumentException($"{option}: {value} is not in {min}-{max}");

    /// <summary>The command as typed, quoted where the shell would need it, for the results file.</summary>
    private static string CommandLine(string[] args) =>
        string.Join(' ', new[] { "gateway-load" }.Concat(args.Select(a => a.Length > 0 && a.All(c => char.IsLetterOrDigit(c) || "-_./=:,@".Contains(c)) ? a : $"'{a.Replace("'", "'\\''", StringComparison.Ordinal)}'")));
}
