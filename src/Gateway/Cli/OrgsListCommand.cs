using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Gateway.Protocol.Organizations;
using Gateway.Registry;

namespace Gateway.Cli;

/// <summary>
/// `gateway orgs list [--under CODE] [--json] [--data DIR]`: the organisations in hierarchy order
/// (each unit followed by the units below it; other code forms after the standard ones), as a table
/// for people or a JSON array for scripts. Times are printed in UTC.
/// </summary>
internal static class OrgsListCommand
{
    private const string Name = "orgs list";

    public static Command Create()
    {
        var under = new Option<string?>("--under")
        {
            Description = "Only this standard code and the units below it, e.g. 000.00.24.H44.",
        };
        var json = new Option<bool>("--json") { Description = "Print a JSON array instead of a table." };
        var data = DataDirectoryOption.Create();
        var command = new Command("list", "List the organisations of the registry, with their aliases and successions.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(under);
        command.Options.Add(json);
        command.Options.Add(data);
        command.SetAction(parse => OrgsCommand.RejectUnmatched(parse, Name, out var exit)
            ? exit
            : OrgsCommand.WithRegistry(parse.GetValue(data)!, registry => Run(registry, parse.GetValue(under), parse.GetValue(json))));
        return command;
    }

    private static int Run(OrgRegistry registry, string? under, bool json)
    {
        var organizations = new List<Organization>();
        try
        {
            string? token = null;
            do
            {
                var page = registry.List(under, OrgRegistry.MaxPageSize, token);
                organizations.AddRange(page.Items);
                token = page.NextPageToken;
            }
            while (token is not null);
        }
        catch (OrgRegistryException ex)
        {
            return OrgsCommand.Fail(ExitCodes.Configuration, $"--{ex.Field}: {ex.Message}");
        }

        organizations.Sort(CompareCodes);
        if (json)
            WriteJson(organizations);
        else
            WriteTable(organizations, under);
        return ExitCodes.Ok;
    }

    /// <summary>Hierarchy order by <see cref="OrgCode"/>; a stored code that no longer parses goes last, by text.</summary>
    private static int CompareCodes(Organization left, Organization right)
    {
        var l = OrgCode.TryParse(left.Code, OrgCodeForms.Tolerant, out var a, out _);
        var r = OrgCode.TryParse(right.Code, OrgCodeForms.Tolerant, out var b, out _);
        if (l && r)
            return a.CompareTo(b);
        if (l != r)
            return l ? -1 : 1;
        return string.CompareOrdinal(left.Code, right.Code);
    }

    private static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString(time.Millisecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteTable(List<Organization> organizations, string? under)
    {
        if (organizations.Count == 0)
        {
            Console.Out.WriteLine(under is null ? "no organisations" : $"no organisations under {under}");
            return;
        }

        string[] header = ["CODE", "ENABLED", "PARENT", "ALIASES", "SUCCEEDED BY", "NAME"];
        var rows = organizations.ConvertAll(o => new[]
        {
            o.Code,
            o.Enabled ? "yes" : "no",
            o.ParentCode ?? "-",
            o.Aliases.Count == 0 ? "-" : string.Join(';', o.Aliases),
            o.Successions.Count == 0 ? "-" : string.Join("; ", o.Successions.Select(s => $"{s.SuccessorCode} from {Time(s.EffectiveAt)}")),
            o.Name,
        });

        // Every column but the last (the name, which may hold combining marks) is padded to its width.
        var widths = new int[header.Length - 1];
        for (var i = 0; i < widths.Length; i++)
            widths[i] = Math.Max(header[i].Length, rows.Max(r => r[i].Length));

        var output = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < widths.Length; i++)
                output.Append(row[i].PadRight(widths[i])).Append("  ");
            output.Append(row[^1]).Append('\n');
        }

        Console.Out.Write(output.ToString());
        Console.Out.Flush();
    }

    private static void WriteJson(List<Organization> organizations)
    {
        using var stream = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions
        {
            Indented = true,
            // Vietnamese names stay readable instead of \u escapes; the output is not embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartArray();
            foreach (var organization in organizations)
            {
                writer.WriteStartObject();
                writer.WriteString("code", organization.Code);
                writer.WriteString("name", organization.Name);
                if (organization.ParentCode is null)
                    writer.WriteNull("parentCode");
                else
                    writer.WriteString("parentCode", organization.ParentCode);
                writer.WriteBoolean("enabled", organization.Enabled);
                writer.WriteStartArray("aliases");
                foreach (var alias in organization.Aliases)
                    writer.WriteStringValue(alias);
                writer.WriteEndArray();
                writer.WriteStartArray("successions");
                foreach (var succession in organization.Successions)
                {
                    writer.WriteStartObject();
                    writer.WriteString("code", succession.SuccessorCode);
                    writer.WriteString("effectiveAt", Time(succession.EffectiveAt));
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        stream.WriteByte((byte)'\n');
    }
}
