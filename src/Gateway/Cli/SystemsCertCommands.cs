using System.CommandLine;
using Gateway.Systems;

namespace Gateway.Cli;

/// <summary>
/// `gateway systems bind-cert NAME CLIENT.pem` and `gateway systems unbind-cert NAME CLIENT.pem|SHA256`:
/// the TLS client certificates a connected system may authenticate with instead of its token (mutual
/// TLS, docs/security.md). A running daemon accepts a new binding at once and stops accepting an
/// unbound certificate within <see cref="SystemRegistry.CacheBound"/>.
/// </summary>
internal static class SystemsCertCommands
{
    public static Command CreateBind()
    {
        var name = new Argument<string>("NAME") { Description = "The system the certificate authenticates as." };
        var file = new Argument<string>("CERT") { Description = "Its TLS client certificate, a PEM (or DER) file; a chain may follow it." };
        var data = DataDirectoryOption.Create();
        var command = new Command("bind-cert", "Let a system authenticate with a TLS client certificate instead of its token.") { name, file, data };
        command.Action = new SystemsAction("systems bind-cert", parse =>
        {
            using var certificate = CertificateFile.Load(parse.GetValue(file)!);
            using var store = SystemsCommand.OpenExisting(parse.GetValue(data)!);
            var (system, bound, added) = new SystemRegistry(store, TimeProvider.System).BindCertificate(parse.GetValue(name)!, certificate);
            SystemsOutput.WriteBound(Console.Out, system, bound, added, certificate);
            return ExitCodes.Ok;
        });
        return command;
    }

    public static Command CreateUnbind()
    {
        var name = new Argument<string>("NAME") { Description = "The system." };
        var which = new Argument<string>("CERT") { Description = "The certificate: its PEM (or DER) file, or its SHA-256 thumbprint (64 hex digits) as 'systems list --json' shows it." };
        var data = DataDirectoryOption.Create();
        var command = new Command("unbind-cert", "Stop a system authenticating with a client certificate.") { name, which, data };
        command.Action = new SystemsAction("systems unbind-cert", parse =>
        {
            var thumbprint = Thumbprint(parse.GetValue(which)!);
            using var store = SystemsCommand.OpenExisting(parse.GetValue(data)!);
            var removed = new SystemRegistry(store, TimeProvider.System).UnbindCertificate(parse.GetValue(name)!, thumbprint);
            SystemsOutput.WriteUnbound(Console.Out, removed);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>
    /// A thumbprint as given, or the thumbprint of the certificate in the file: an operator who lost
    /// the file can still unbind it by what `systems list --json` shows.
    /// </summary>
    private static string Thumbprint(string certificateOrThumbprint)
    {
        if (certificateOrThumbprint.Length == 64 && certificateOrThumbprint.All(char.IsAsciiHexDigit) && !File.Exists(certificateOrThumbprint))
            return certificateOrThumbprint.ToUpperInvariant();
        using var certificate = CertificateFile.Load(certificateOrThumbprint);
        return ClientCertificateFitness.Thumbprint(certificate);
    }
}
