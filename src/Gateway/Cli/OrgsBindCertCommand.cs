using System.CommandLine;
using System.Security.Cryptography.X509Certificates;
using Gateway.Protocol.Organizations;
using Gateway.Signatures;
using Gateway.Store;

namespace Gateway.Cli;

/// <summary>
/// `gateway orgs bind-cert CODE CERT.pem`, `gateway orgs unbind-cert CODE SHA256` and
/// `gateway orgs bindings [--org CODE]`: which certificates may sign for a code besides the codes a
/// certificate carries itself. A running daemon uses a change within
/// <see cref="CertificateBindings.CacheBound"/>.
/// </summary>
internal static class OrgsBindCertCommand
{
    public static Command CreateBind()
    {
        var code = new Argument<string?>("CODE") { Description = "The organisation code the certificate may sign for.", Arity = ArgumentArity.ZeroOrOne };
        var file = new Argument<string?>("CERT") { Description = "The certificate, a PEM file.", Arity = ArgumentArity.ZeroOrOne };
        var data = DataDirectoryOption.Create();
        var command = new Command("bind-cert", "Let a certificate sign documents for an organisation code.") { TreatUnmatchedTokensAsErrors = false };
        command.Arguments.Add(code);
        command.Arguments.Add(file);
        command.Options.Add(data);
        command.SetAction(parse => OrgsCommand.RejectUnmatched(parse, "orgs bind-cert", out var exit)
            ? exit
            : Bind(parse.GetValue(code), parse.GetValue(file), parse.GetValue(data)!));
        return command;
    }

    public static Command CreateUnbind()
    {
        var code = new Argument<string?>("CODE") { Description = "The organisation code.", Arity = ArgumentArity.ZeroOrOne };
        var thumbprint = new Argument<string?>("SHA256") { Description = "The certificate's SHA-256 thumbprint (hex), as `orgs bindings` shows it.", Arity = ArgumentArity.ZeroOrOne };
        var data = DataDirectoryOption.Create();
        var command = new Command("unbind-cert", "Withdraw a certificate's binding to an organisation code.") { TreatUnmatchedTokensAsErrors = false };
        command.Arguments.Add(code);
        command.Arguments.Add(thumbprint);
        command.Options.Add(data);
        command.SetAction(parse => OrgsCommand.RejectUnmatched(parse, "orgs unbind-cert", out var exit)
            ? exit
            : Unbind(parse.GetValue(code), parse.GetValue(thumbprint), parse.GetValue(data)!));
        return command;
    }

    public static Command CreateList()
    {
        var org = new Option<string?>("--org") { Description = "Only the bindings of this code." };
        var data = DataDirectoryOption.Create();
        var command = new Command("bindings", "List certificate bindings.") { TreatUnmatchedTokensAsErrors = false };
        command.Options.Add(org);
        command.Options.Add(data);
        command.SetAction(parse => OrgsCommand.RejectUnmatched(parse, "orgs bindings", out var exit)
            ? exit
            : List(parse.GetValue(org), parse.GetValue(data)!));
        return command;
    }

    private static int Bind(string? code, string? file, string dataDirectory)
    {
        if (CheckCode(code, out var failed))
            return failed;
        if (string.IsNullOrEmpty(file))
            return OrgsCommand.Fail(ExitCodes.Configuration, "orgs bind-cert: CERT is missing (a PEM certificate file)");
        X509Certificate2 certificate;
        try
        {
            certificate = CertificateFile.Load(file);
        }
        catch (CertificateFileException ex)
        {
            return OrgsCommand.Fail(ExitCodes.Configuration, $"CERT: {ex.Message}");
        }

        using (certificate)
        {
            return WithBindings(dataDirectory, bindings =>
            {
                try
                {
                    var added = bindings.Bind(code!, certificate);
                    var thumbprint = CertificateBindings.Thumbprint(certificate);
                    Console.Out.WriteLine(added
                        ? $"bound \"{certificate.Subject}\" (SHA-256 {thumbprint}) to {code}"
                        : $"\"{certificate.Subject}\" (SHA-256 {thumbprint}) was already bound to {code}");
                    return ExitCodes.Ok;
                }
                catch (ArgumentException ex)
                {
                    return OrgsCommand.Fail(ExitCodes.Configuration, $"CODE: {ex.Message.Split(" (Parameter", 2)[0]}");
                }
            });
        }
    }

    private static int Unbind(string? code, string? thumbprint, string dataDirectory)
    {
        if (CheckCode(code, out var failed))
            return failed;
        if (string.IsNullOrEmpty(thumbprint) || thumbprint.Length != 64 || !thumbprint.All(Uri.IsHexDigit))
            return OrgsCommand.Fail(ExitCodes.Configuration, "orgs unbind-cert: SHA256 must be the certificate's 64-digit hex SHA-256 thumbprint (see gateway orgs bindings)");
        return WithBindings(dataDirectory, bindings =>
        {
            if (!bindings.Unbind(code!, thumbprint))
                return OrgsCommand.Fail(ExitCodes.Configuration, $"no certificate with SHA-256 {thumbprint.ToUpperInvariant()} is bound to {code}");
            Console.Out.WriteLine($"unbound SHA-256 {thumbprint.ToUpperInvariant()} from {code}");
            return ExitCodes.Ok;
        });
    }

    private static int List(string? org, string dataDirectory) => WithBindings(dataDirectory, bindings =>
    {
        foreach (var binding in bindings.List(org))
            Console.Out.WriteLine($"{binding.OrgCode}\t{binding.Thumbprint}\t{binding.Subject}\tnot after {binding.NotAfter:yyyy-MM-dd}");
        return ExitCodes.Ok;
    });

    private static bool CheckCode(string? code, out int exitCode)
    {
        exitCode = ExitCodes.Ok;
        if (string.IsNullOrEmpty(code))
            exitCode = OrgsCommand.Fail(ExitCodes.Configuration, "CODE is missing (an organisation code, e.g. 000.00.00.G22)");
        else if (!OrgCode.TryParse(code, OrgCodeForms.Tolerant, out _, out var error))
            exitCode = OrgsCommand.Fail(ExitCodes.Configuration, $"CODE: {error}");
        return exitCode != ExitCodes.Ok;
    }

    private static int WithBindings(string dataDirectory, Func<CertificateBindings, int> action)
    {
        try
        {
            using var store = LocalStore.Open(dataDirectory);
            return action(new CertificateBindings(store, TimeProvider.System));
        }
        catch (StoreException ex)
        {
            return OrgsCommand.Fail(ExitCodes.Store, $"store error: {ex.Message}");
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            return OrgsCommand.Fail(ExitCodes.Store, $"store error: {ex.Message}");
        }
    }
}
