using System.CommandLine;
using Gateway.Protocol.Organizations;
using Gateway.Registry;
using Gateway.Registry.Import;

namespace Gateway.Cli;

/// <summary>`gateway orgs import FILE [--tolerant] [--data DIR]`: adds or updates organisations from a CSV or JSON file, all or nothing.</summary>
internal static class OrgsImportCommand
{
    private const string Name = "orgs import";

    public static Command Create()
    {
        var file = new Argument<string?>("FILE")
        {
            Description = "CSV (code,name,parent_code,enabled,aliases) or JSON file; see docs/registry.md.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var tolerant = new Option<bool>("--tolerant")
        {
            Description = "Also accept the tolerant code forms (centre ids, short codes, legacy QCVN 102 codes).",
        };
        var data = DataDirectoryOption.Create();
        var command = new Command("import", "Add or update organisations from a CSV or JSON file in one transaction: all of them or none.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Arguments.Add(file);
        command.Options.Add(tolerant);
        command.Options.Add(data);
        command.SetAction(parse => OrgsCommand.RejectUnmatched(parse, Name, out var exit)
            ? exit
            : Run(parse.GetValue(file), parse.GetValue(tolerant), parse.GetValue(data)!));
        return command;
    }

    private static int Run(string? path, bool tolerant, string dataDirectory)
    {
        if (string.IsNullOrEmpty(path))
            return OrgsCommand.Fail(ExitCodes.Configuration, $"{Name}: FILE is missing (a .csv or .json file of organisations; see docs/registry.md)");

        // The whole file is read and checked before the store is touched.
        OrgImportFile.Content content;
        try
        {
            content = OrgImportFile.Read(path, tolerant ? OrgCodeForms.Tolerant : OrgCodeForms.Strict);
        }
        catch (OrgImportException ex)
        {
            return OrgsCommand.Fail(ExitCodes.Configuration, ex.Format(path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return OrgsCommand.Fail(ExitCodes.Configuration, $"cannot read '{path}': {ex.Message}");
        }

        return OrgsCommand.WithRegistry(dataDirectory, registry =>
        {
            ImportResult result;
            try
            {
                result = registry.Import([.. content.Rows.Select(r => r.Organization)]);
            }
            catch (OrgRegistryException ex)
            {
                var line = ex.Code is null ? 0 : content.LineOf(ex.Code);
                var where = line > 0 ? $"{path}:{line}" : path;
                return OrgsCommand.Fail(ExitCodes.Configuration, $"{where}: field '{OrgImportFields.Spell(content.Format, ex.Field)}': {ex.Message}");
            }

            var noun = result.Total == 1 ? "organisation" : "organisations";
            Console.Out.WriteLine($"imported {result.Total} {noun} ({result.Added} added, {result.Updated} updated)");
            return ExitCodes.Ok;
        });
    }
}
