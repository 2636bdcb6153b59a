using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Gateway.Protocol.Organizations;
using Gateway.Registry;

namespace Gateway.Cli;

/// <summary>
/// `gateway orgs succeed OLD --by NEW[,NEW…] --at TIME [--data DIR]`: from TIME on, documents for OLD
/// go to NEW (or, with several successors, sends to OLD are refused naming them). Replaces any
/// successions recorded for OLD before.
/// </summary>
internal static partial class OrgsSucceedCommand
{
    private const string Name = "orgs succeed";
    private const string TimeExample = "2025-07-01T00:00:00+07:00";

    public static Command Create()
    {
        var old = new Argument<string?>("OLD")
        {
            Description = "The code that is succeeded.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var by = new Option<string[]>("--by")
        {
            Description = "The successor code(s), comma-separated or repeated; several make a split.",
            AllowMultipleArgumentsPerToken = false,
        };
        var at = new Option<string?>("--at")
        {
            Description = $"When the succession takes effect: ISO 8601 with an offset, e.g. {TimeExample}.",
        };
        var data = DataDirectoryOption.Create();
        var command = new Command("succeed", "Record that a code is succeeded by another (or split among several) from a given instant.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Arguments.Add(old);
        command.Options.Add(by);
        command.Options.Add(at);
        command.Options.Add(data);
        command.SetAction(parse => OrgsCommand.RejectUnmatched(parse, Name, out var exit)
            ? exit
            : Run(parse.GetValue(old), parse.GetValue(by) ?? [], parse.GetValue(at), parse.GetValue(data)!));
        return command;
    }

    private static int Run(string? old, string[] by, string? at, string dataDirectory)
    {
        if (string.IsNullOrEmpty(old))
            return OrgsCommand.Fail(ExitCodes.Configuration, $"{Name}: OLD is missing (the code that is succeeded, e.g. 000.00.00.H41)");
        if (!OrgCode.TryParse(old, OrgCodeForms.Tolerant, out _, out var error))
            return OrgsCommand.Fail(ExitCodes.Configuration, $"OLD: {error}");

        var successors = by.SelectMany(value => value.Split(',')).ToList();
        if (successors.Count == 0)
            return OrgsCommand.Fail(ExitCodes.Configuration, $"{Name}: --by is missing (the successor code, or several separated by ',')");
        foreach (var successor in successors)
        {
            if (successor.Length == 0)
                return OrgsCommand.Fail(ExitCodes.Configuration, "--by: has an empty code; separate codes with a single ','");
            if (!OrgCode.TryParse(successor, OrgCodeForms.Tolerant, out _, out error))
                return OrgsCommand.Fail(ExitCodes.Configuration, $"--by: {error}");
        }

        if (string.IsNullOrEmpty(at))
            return OrgsCommand.Fail(ExitCodes.Configuration, $"{Name}: --at is missing (when it takes effect, e.g. {TimeExample})");
        if (!TryParseTime(at, out var effectiveAt))
            return OrgsCommand.Fail(ExitCodes.Configuration, $"--at: '{at}' is not an ISO 8601 time with an offset (for example {TimeExample})");

        return OrgsCommand.WithRegistry(dataDirectory, registry =>
        {
            try
            {
                registry.Succeed(old, successors, effectiveAt);
            }
            catch (OrgRegistryException ex)
            {
                return OrgsCommand.Fail(ExitCodes.Configuration, $"{(ex.Field == "code" ? "OLD" : "--by")}: {ex.Message}");
            }

            var when = effectiveAt.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFzzz", CultureInfo.InvariantCulture);
            Console.Out.WriteLine(successors.Count == 1
                ? $"{old} is succeeded by {successors[0]} from {when}"
                : $"{old} is split among {string.Join(", ", successors)} from {when}");
            return ExitCodes.Ok;
        });
    }

    /// <summary>ISO 8601 date and time with an explicit offset (Z or ±hh:mm); a time without one is ambiguous and refused.</summary>
    internal static bool TryParseTime(string text, out DateTimeOffset time)
    {
        time = default;
        return IsoWithOffset().IsMatch(text) &&
            DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|[+-][0-9]{2}:[0-9]{2})\z", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithOffset();
}
