using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Ocsp;
using Org.BouncyCastle.Asn1.Oiw;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;
using BcExtension = Org.BouncyCastle.Asn1.X509.X509Extension;

namespace Gateway.Crypto.Trust;

/// <summary>
/// OCSP (RFC 6960) for certificates that name a responder: one request per certificate, with a
/// nonce, answered by the issuer itself or by a responder it delegated (id-kp-OCSPSigning), kept
/// until the answer's nextUpdate.
/// </summary>
internal sealed class OcspSource(HttpClient http, TrustOptions options, TimeProvider time)
{
    private const int MaxResponseBytes = 1024 * 1024;
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, RevocationAnswer> _answers = new(StringComparer.Ordinal);

    public async Task<RevocationAnswer> CheckAsync(X509Certificate2 certificate, X509Certificate2 issuer, Uri url, CancellationToken cancellationToken)
    {
        var key = certificate.GetCertHashString(HashAlgorithmName.SHA256) + " " + url;
        if (_answers.TryGetValue(key, out var cached) && cached.ValidUntil > time.GetUtcNow())
            return cached;
        var answer = await AskAsync(certificate, issuer, url, cancellationToken);
        _answers[key] = answer;
        return answer;
    }

    private async Task<RevocationAnswer> AskAsync(X509Certificate2 certificate, X509Certificate2 issuer, Uri url, CancellationToken cancellationToken)
    {
        var issuerCertificate = new X509CertificateParser().ReadCertificate(issuer.RawData);
        var id = new CertificateID(new AlgorithmIdentifier(OiwObjectIdentifiers.IdSha1, DerNull.Instance), issuerCertificate, new BigInteger(1, certificate.SerialNumberBytes.Span));
        var nonce = RandomNumberGenerator.GetBytes(16);
        var generator = new OcspReqGenerator();
        generator.AddRequest(id);
        generator.SetRequestExtensions(new X509Extensions(new Dictionary<DerObjectIdentifier, BcExtension>
        {
            [OcspObjectIdentifiers.PkixOcspNonce] = new BcExtension(false, new DerOctetString(new DerOctetString(nonce).GetEncoded())),
        }));

        byte[] body;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(options.FetchTimeout);
            using var content = new ByteArrayContent(generator.Generate().GetEncoded());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/ocsp-request");
            using var response = await http.PostAsync(url, content, timeout.Token);
            if (!response.IsSuccessStatusCode)
                return Unknown(url, $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
            body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            if (body.Length > MaxResponseBytes)
                return Unknown(url, "the answer is too large");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unknown(url, $"no answer within {options.FetchTimeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException ex)
        {
            return Unknown(url, ex.Message.TrimEnd('.'));
        }

        try
        {
            return Judge(new OcspResp(body), id, issuerCertificate, nonce, url);
        }
        catch (Exception ex) when (ex is OcspException or IOException or ArgumentException or InvalidCastException or InvalidOperationException)
        {
            return Unknown(url, $"the answer is not a valid OCSP response ({ex.Message.TrimEnd('.')})");
        }
    }

    private RevocationAnswer Judge(OcspResp response, CertificateID id, BcCertificate issuer, byte[] nonce, Uri url)
    {
        if (response.Status != OcspRespStatus.Successful)
            return Unknown(url, $"the responder answered status {response.Status}");
        if (response.GetResponseObject() is not BasicOcspResp basic)
            return Unknown(url, "the answer is not a basic OCSP response");
        if (!SignedByIssuerOrDelegate(basic, issuer))
            return Unknown(url, "the answer is signed neither by the certificate's issuer nor by a responder it delegated");

        var echoed = basic.GetExtensionValue(OcspObjectIdentifiers.PkixOcspNonce);
        if (echoed is not null && !Asn1OctetString.GetInstance(echoed.GetOctets()).GetOctets().AsSpan().SequenceEqual(nonce))
            return Unknown(url, "the answer's nonce does not match the request (a replayed answer?)");

        var now = time.GetUtcNow();
        foreach (var single in basic.Responses)
        {
            if (!single.GetCertID().Equals(id))
                continue;
            if (new DateTimeOffset(single.ThisUpdate, TimeSpan.Zero) > now + ClockSkew)
                return Unknown(url, "the answer's thisUpdate lies in the future");
            var nextUpdate = single.NextUpdate is { } next ? new DateTimeOffset(next, TimeSpan.Zero) : now + options.DefaultFreshness;
            if (nextUpdate < now)
                return Unknown(url, "the answer is stale: its nextUpdate has passed");
            return single.GetCertStatus() switch
            {
                null => new RevocationAnswer(RevocationStatus.Good, nextUpdate, $"good according to OCSP responder {url}"),
                RevokedStatus revoked => new RevocationAnswer(RevocationStatus.Revoked, DateTimeOffset.MaxValue, $"revoked at {revoked.RevocationTime:yyyy-MM-dd'T'HH:mm:ss'Z'} according to OCSP responder {url}"),
                _ => Unknown(url, "the responder does not know the certificate"),
            };
        }

        return Unknown(url, "the answer does not cover the certificate asked about");
    }

    private static bool SignedByIssuerOrDelegate(BasicOcspResp basic, BcCertificate issuer)
    {
        try
        {
            if (basic.Verify(issuer.GetPublicKey()))
                return true;
            foreach (var responder in basic.GetCerts())
            {
                responder.Verify(issuer.GetPublicKey());
                var purposes = responder.GetExtendedKeyUsage();
                if (purposes is not null && purposes.Contains(KeyPurposeID.id_kp_OCSPSigning) && responder.IsValidNow && basic.Verify(responder.GetPublicKey()))
                    return true;
            }
        }
        catch (Exception ex) when (ex is OcspException or Org.BouncyCastle.Security.InvalidKeyException or Org.BouncyCastle.Security.SignatureException or Org.BouncyCastle.Security.Certificates.CertificateException)
        {
            return false;
        }

        return false;
    }

    private RevocationAnswer Unknown(Uri url, string detail) =>
        RevocationAnswer.Unknown(time.GetUtcNow() + options.FailureBackoff, $"the OCSP responder {url} could not be used: {detail}");
}
