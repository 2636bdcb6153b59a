using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Tests.Support;

/// <summary>
/// OpenSSL's own OCSP responder (<c>openssl ocsp -index ...</c>) on loopback, answering for the
/// certificates of one issuer from an index file in OpenSSL's CA database format.
/// </summary>
public sealed class OpensslOcspResponder : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly Process _process;
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();
    private readonly ManualResetEventSlim _listening = new();

    /// <param name="issuer">The issuing CA with its private key; it signs the answers itself.</param>
    /// <param name="entries">Certificates it knows, with the time each was revoked (null: good).</param>
    /// <param name="port">Loopback port to listen on (certificates name the responder's URL before it starts).</param>
    public OpensslOcspResponder(X509Certificate2 issuer, IEnumerable<(X509Certificate2 Certificate, DateTimeOffset? RevokedAt)> entries, int port)
    {
        Url = new Uri($"http://127.0.0.1:{port}/");
        var index = Path.Combine(_directory.Path, "index.txt");
        File.WriteAllLines(index, entries.Select(e => Line(e.Certificate, e.RevokedAt)));
        File.WriteAllText(Path.Combine(_directory.Path, "index.txt.attr"), "unique_subject = no\n");
        var issuerPem = Path.Combine(_directory.Path, "issuer.pem");
        var issuerKey = Path.Combine(_directory.Path, "issuer.key");
        File.WriteAllText(issuerPem, issuer.ExportCertificatePem());
        using (var key = (AsymmetricAlgorithm?)issuer.GetECDsaPrivateKey() ?? issuer.GetRSAPrivateKey())
            File.WriteAllText(issuerKey, key!.ExportPkcs8PrivateKeyPem());

        var start = new ProcessStartInfo("openssl")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            ArgumentList = { "ocsp", "-index", index, "-port", port.ToString(CultureInfo.InvariantCulture), "-rsigner", issuerPem, "-rkey", issuerKey, "-CA", issuerPem, "-ignore_err" },
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        _process.OutputDataReceived += (_, e) => Note(e.Data);
        _process.ErrorDataReceived += (_, e) => Note(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        WaitUntilListening();
    }

    public Uri Url { get; }

    private static string Line(X509Certificate2 certificate, DateTimeOffset? revokedAt)
    {
        var expiry = Stamp(new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
        return revokedAt is { } at
            ? $"R\t{expiry}\t{Stamp(at)}\t{certificate.SerialNumber}\tunknown\t/CN=revoked"
            : $"V\t{expiry}\t\t{certificate.SerialNumber}\tunknown\t/CN=valid";
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyMMddHHmmss'Z'", CultureInfo.InvariantCulture);

    private void Note(string? line)
    {
        if (line is null)
            return;
        _errors.Enqueue(line);
        if (line.Contains("waiting for OCSP client connections", StringComparison.Ordinal))
            _listening.Set();
    }

    // Readiness comes from the responder's own message: it serves one connection at a time, so a
    // probing connect would hold it up.
    private void WaitUntilListening()
    {
        if (_listening.Wait(TimeSpan.FromSeconds(15)))
            return;
        throw new InvalidOperationException(_process.HasExited
            ? $"openssl ocsp exited with {_process.ExitCode}: {string.Join(" / ", _errors)}"
            : "openssl ocsp did not start listening");
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill();
        _process.WaitForExit();
        _process.Dispose();
        _listening.Dispose();
        _directory.Dispose();
    }
}
