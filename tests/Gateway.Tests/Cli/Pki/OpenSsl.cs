using System.Diagnostics;

namespace Gateway.Tests.Cli.Pki;

/// <summary>The openssl command-line tool, as an independent judge of what the PKI writes.</summary>
internal static class OpenSsl
{
    public static async Task<(int Exit, string Output)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("openssl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start openssl");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return (process.ExitCode, (await stdout) + (await stderr));
    }

    /// <summary>
    /// `openssl verify -crl_check` of <paramref name="leaf"/> against the root and the DER CRL, converted
    /// to PEM at <paramref name="pemCrl"/> first.
    /// </summary>
    public static async Task<(int Exit, string Output)> VerifyWithCrlAsync(string root, string derCrl, string pemCrl, string leaf)
    {
        var (exit, output) = await RunAsync("crl", "-inform", "DER", "-in", derCrl, "-out", pemCrl);
        Assert.True(exit == 0, output);
        return await RunAsync("verify", "-crl_check", "-CAfile", root, "-CRLfile", pemCrl, leaf);
    }
}
