using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace Gateway.Crypto.Trust;

/// <summary>
/// CRLs fetched over HTTP from the distribution points certificates name, kept until their
/// nextUpdate, so thousands of certificates from one CA cost one download per CRL period. Each
/// answer checks the CRL's issuer and signature against the certificate's issuer.
/// </summary>
internal sealed class CrlSource(HttpClient http, TrustOptions options, TimeProvider time)
{
    // CRLs of national CAs run to megabytes; anything past this is not a CRL we should hold in memory.
    private const int MaxCrlBytes = 64 * 1024 * 1024;

    private readonly ConcurrentDictionary<Uri, Lazy<Task<Fetched>>> _cache = new();

    public async Task<RevocationAnswer> CheckAsync(X509Certificate2 certificate, X509Certificate2 issuer, Uri url, CancellationToken cancellationToken)
    {
        var fetched = await GetAsync(url).WaitAsync(cancellationToken);
        if (fetched.Crl is not { } crl)
            return RevocationAnswer.Unknown(fetched.ExpiresAt, $"the CRL at {url} could not be used: {fetched.Error}");

        var issuerCertificate = new X509CertificateParser().ReadCertificate(issuer.RawData);
        if (!crl.IssuerDN.Equivalent(issuerCertificate.SubjectDN))
            return RevocationAnswer.Unknown(fetched.ExpiresAt, $"the CRL at {url} is issued by \"{crl.IssuerDN}\", not by the certificate's issuer \"{issuer.Subject}\"");
        if (!SignedBy(crl, issuerCertificate))
            return RevocationAnswer.Unknown(fetched.ExpiresAt, $"the signature on the CRL at {url} does not verify under \"{issuer.Subject}\"");

        var now = time.GetUtcNow();
        if (crl.NextUpdate is { } next && new DateTimeOffset(next, TimeSpan.Zero) < now)
            return RevocationAnswer.Unknown(now + options.FailureBackoff, $"the CRL at {url} is stale: its nextUpdate {next:yyyy-MM-dd'T'HH:mm:ss'Z'} has passed");

        var serial = new BigInteger(1, certificate.SerialNumberBytes.Span);
        if (crl.GetRevokedCertificate(serial) is { } entry)
            return new RevocationAnswer(RevocationStatus.Revoked, DateTimeOffset.MaxValue, $"revoked at {entry.RevocationDate:yyyy-MM-dd'T'HH:mm:ss'Z'} according to the CRL at {url}");
        var validUntil = crl.NextUpdate is { } until ? new DateTimeOffset(until, TimeSpan.Zero) : now + options.DefaultFreshness;
        return new RevocationAnswer(RevocationStatus.Good, validUntil, $"not listed on the CRL at {url}");
    }

    private Task<Fetched> GetAsync(Uri url)
    {
        while (true)
        {
            var lazy = _cache.GetOrAdd(url, u => new Lazy<Task<Fetched>>(() => FetchAsync(u)));
            var task = lazy.Value;
            if (!task.IsCompleted || task.Result.ExpiresAt > time.GetUtcNow())
                return task;
            // Expired: replace it, unless another caller already did.
            var fresh = new Lazy<Task<Fetched>>(() => FetchAsync(url));
            if (_cache.TryUpdate(url, fresh, lazy))
                return fresh.Value;
        }
    }

    // Runs on its own timeout, not the caller's token: a caller that gives up must not poison the cache for others.
    private async Task<Fetched> FetchAsync(Uri url)
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.FetchTimeout);
            using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
                return Failed($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            if (response.Content.Headers.ContentLength > MaxCrlBytes)
                return Failed($"it is larger than {MaxCrlBytes} bytes");
            var bytes = await ReadLimitedAsync(response.Content, timeout.Token);
            if (bytes is null)
                return Failed($"it is larger than {MaxCrlBytes} bytes");
            var crl = new X509CrlParser().ReadCrl(bytes);
            if (crl is null)
                return Failed("the response is not a CRL");
            var now = time.GetUtcNow();
            var expires = crl.NextUpdate is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : now + options.DefaultFreshness;
            // A CRL already past its nextUpdate is kept only for the back-off, then asked for again.
            return new Fetched(crl, expires > now ? expires : now + options.FailureBackoff, null);
        }
        catch (OperationCanceledException)
        {
            return Failed($"no answer within {options.FetchTimeout.TotalSeconds:0.#} s");
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or Org.BouncyCastle.Security.Certificates.CrlException or ArgumentException or InvalidOperationException)
        {
            return Failed(ex.Message.TrimEnd('.'));
        }
    }

    private static async Task<byte[]?> ReadLimitedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxCrlBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool SignedBy(X509Crl crl, BcCertificate issuer)
    {
        try
        {
            crl.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception ex) when (ex is InvalidKeyException or SignatureException or Org.BouncyCastle.Security.Certificates.CrlException or ArgumentException)
        {
            return false;
        }
    }

    private Fetched Failed(string error) => new(null, time.GetUtcNow() + options.FailureBackoff, error);

    private sealed record Fetched(X509Crl? Crl, DateTimeOffset ExpiresAt, string? Error);
}
