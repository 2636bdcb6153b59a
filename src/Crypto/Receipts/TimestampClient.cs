using System.Formats.Asn1;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Gateway.Crypto.Receipts;

/// <summary>
/// An RFC 3161 client over HTTP (RFC 3161 §3.4): asks a timestamp authority to stamp SHA-256 of a batch's
/// root signature and checks the answer before returning the token, so a stored token always verifies.
/// </summary>
public sealed class TimestampClient
{
    public const string QueryContentType = "application/timestamp-query";
    public const string ReplyContentType = "application/timestamp-reply";

    /// <summary>Replies are a few kilobytes; anything far larger is not a timestamp reply.</summary>
    public const int MaxReplyBytes = 1 << 20;

    private readonly HttpClient _http;
    private readonly X509Certificate2Collection? _trustedAuthorities;

    /// <param name="http">The client to post with; its Timeout bounds each request.</param>
    /// <param name="url">The authority's HTTP endpoint.</param>
    /// <param name="trustedAuthorities">When given, the authority's certificate must chain to one of these.</param>
    public TimestampClient(HttpClient http, Uri url, X509Certificate2Collection? trustedAuthorities = null)
    {
        _http = http;
        Url = url;
        _trustedAuthorities = trustedAuthorities;
    }

    public Uri Url { get; }

    /// <summary>
    /// A DER TimeStampToken over SHA-256(<paramref name="rootSignature"/>), for
    /// <c>ReceiptProof.timestamp_token</c>. Throws <see cref="TimestampException"/> saying what went wrong:
    /// unreachable, an HTTP error, a refusal with the authority's status and reasons, or a token that does
    /// not answer this request (nonce, imprint, signature).
    /// </summary>
    public async Task<byte[]> RequestTokenAsync(ReadOnlyMemory<byte> rootSignature, CancellationToken cancellationToken = default)
    {
        var imprint = SHA256.HashData(rootSignature.Span);
        // 8 random bytes: a replayed or mixed-up answer cannot carry the same nonce.
        var request = Rfc3161TimestampRequest.CreateFromHash(imprint, HashAlgorithmName.SHA256,
            nonce: RandomNumberGenerator.GetBytes(8), requestSignerCertificates: true);

        var reply = await PostAsync(request.Encode(), cancellationToken);
        TimestampResponse response;
        try
        {
            response = TimestampResponse.Parse(reply.Body);
        }
        catch (AsnContentException ex)
        {
            throw Problem($"answered with {reply.Body.Length} bytes of {reply.ContentType ?? "no content type"} that are not an RFC 3161 TimeStampResp ({ex.Message.TrimEnd('.')})");
        }

        if (!response.IsGranted)
        {
            var why = string.Join("; ", response.Failures.Concat(response.StatusText.Select(t => $"\"{t}\"")));
            throw Problem($"refused the request: status {response.StatusName}{(why.Length > 0 ? $", {why}" : "")}");
        }

        if (response.Token is not { } token)
            throw Problem($"granted the request (status {response.StatusName}) but sent no token");

        var checkedToken = TimestampTokenCheck.Check(token, rootSignature.Span, _trustedAuthorities);
        if (checkedToken.Problem is { } bad)
            throw Problem($"sent a token that does not fit this request: {bad}");
        var tokenNonce = checkedToken.Token!.TokenInfo.GetNonce();
        var sentNonce = request.GetNonce();
        if (tokenNonce is not { } got || !got.Span.SequenceEqual(sentNonce!.Value.Span))
        {
            throw Problem(tokenNonce is null
                ? "sent a token without the nonce of this request (a replayed answer?)"
                : $"sent a token with nonce {Convert.ToHexStringLower(tokenNonce.Value.Span)}, not this request's {Convert.ToHexStringLower(sentNonce!.Value.Span)} (a replayed answer?)");
        }

        return token.ToArray();
    }

    private async Task<(byte[] Body, string? ContentType)> PostAsync(byte[] query, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(query);
        content.Headers.ContentType = new MediaTypeHeaderValue(QueryContentType);
        using var message = new HttpRequestMessage(HttpMethod.Post, Url) { Content = content };
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(ReplyContentType));
        try
        {
            using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var contentType = response.Content.Headers.ContentType?.MediaType;
            if (!response.IsSuccessStatusCode)
                throw Problem($"answered HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd());
            if (response.Content.Headers.ContentLength > MaxReplyBytes)
                throw Problem($"answered with {response.Content.Headers.ContentLength} bytes; a timestamp reply is at most {MaxReplyBytes}");

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxReplyBytes)
                    throw Problem($"answered with more than {MaxReplyBytes} bytes; a timestamp reply is smaller");
                buffer.Write(chunk, 0, read);
            }

            return (buffer.ToArray(), contentType);
        }
        catch (HttpRequestException ex)
        {
            throw Problem($"could not be reached: {ex.Message.TrimEnd('.')}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw Problem($"did not answer within {_http.Timeout.TotalSeconds:0.#} s", ex);
        }
    }

    private TimestampException Problem(string what, Exception? inner = null) => new($"timestamp authority {Url}: {what}", inner);
}
