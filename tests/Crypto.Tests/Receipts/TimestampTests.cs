using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Receipts;
using Gateway.Protocol.V1;
using Google.Protobuf;

namespace Gateway.Crypto.Tests.Receipts;

/// <summary>RFC 3161 timestamps of root signatures from a real (openssl) authority on loopback.</summary>
public sealed class TimestampTests : IAsyncLifetime
{
    private readonly GatewayIdentity _gateway = GatewayIdentity.Create();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private LoopbackTsa _tsa = null!;

    public ValueTask InitializeAsync()
    {
        _tsa = LoopbackTsa.Start();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _tsa.DisposeAsync();
        _http.Dispose();
        _gateway.Dispose();
    }

    private TimestampClient Client(X509Certificate2Collection? trusted = null) => new(_http, _tsa.Url, trusted);

    private (List<Receipt> Batch, SignedBatch Signed) SignBatch(int count, ulong firstSequence = 1)
    {
        var batch = ReceiptSamples.Batch(count, firstSequence);
        return (batch, new ReceiptSigner(_gateway.Signing).Sign(batch, DateTimeOffset.UtcNow));
    }

    private static void Stamp(IEnumerable<Receipt> batch, byte[] token)
    {
        var bytes = ByteString.CopyFrom(token);
        foreach (var receipt in batch)
            receipt.Proof.TimestampToken = bytes;
    }

    [Fact]
    public async Task RequestToken_OpensslTsa_GivesATokenThatOpensslAndTheVerifierAccept()
    {
        var (batch, signed) = SignBatch(3);

        var token = await Client(new X509Certificate2Collection(_tsa.Root)).RequestTokenAsync(signed.RootSignature, TestContext.Current.CancellationToken);

        // The query: SHA-256 of the root signature, a nonce, the TSA certificate requested.
        Assert.Equal(["application/timestamp-query"], _tsa.QueryContentTypes);
        var query = await Openssl.RunAsync(_tsa.Directory.Path, "ts", "-query", "-in", "query-1.tsq", "-text");
        Assert.True(query.Exit == 0, query.ToString());
        Assert.Contains("Hash Algorithm: sha256", query.Out, StringComparison.Ordinal);
        Assert.Contains("Certificate required: yes", query.Out, StringComparison.Ordinal);
        Assert.Contains("Nonce: 0x", query.Out, StringComparison.Ordinal);

        // openssl checks the stored token against the root signature and the authority's root.
        _tsa.Directory.Write("token.der", token);
        _tsa.Directory.Write("root_signature.der", signed.RootSignature);
        var verified = await Openssl.RunAsync(_tsa.Directory.Path, "ts", "-verify", "-token_in", "-in", "token.der",
            "-data", "root_signature.der", "-CAfile", "ca-tsa.pem");
        Assert.True(verified.Exit == 0, verified.ToString());
        Assert.Contains("Verification: OK", verified.Out, StringComparison.Ordinal);

        Stamp(batch, token);
        foreach (var trusted in new[] { null, new X509Certificate2Collection(_tsa.Root) })
        {
            var result = new ReceiptVerifier(_gateway.Published, trusted).Verify(batch[1]);
            Assert.True(result.IsValid, result.Problem);
            Assert.Equal(_tsa.Certificate.Subject, result.TimestampAuthority);
            Assert.InRange(result.TimestampedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-2), DateTimeOffset.UtcNow.AddMinutes(1));
        }
    }

    [Fact]
    public async Task OpensslTsVerify_OtherData_IsRejected()
    {
        var (_, signed) = SignBatch(2);
        var token = await Client().RequestTokenAsync(signed.RootSignature, TestContext.Current.CancellationToken);
        _tsa.Directory.Write("token.der", token);
        _tsa.Directory.Write("other.der", SignBatch(2, firstSequence: 5).Signed.RootSignature);

        var verified = await Openssl.RunAsync(_tsa.Directory.Path, "ts", "-verify", "-token_in", "-in", "token.der",
            "-data", "other.der", "-CAfile", "ca-tsa.pem");

        Assert.True(verified.Exit != 0, verified.ToString());
        Assert.Contains("message imprint mismatch", verified.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TimestampOfAnotherBatch_IsDetected()
    {
        var (_, first) = SignBatch(2);
        var (second, _) = SignBatch(2, firstSequence: 10);
        Stamp(second, await Client().RequestTokenAsync(first.RootSignature, TestContext.Current.CancellationToken));

        var result = new ReceiptVerifier(_gateway.Published).Verify(second[0]);

        Assert.Equal(ReceiptCheck.Timestamp, result.FailedCheck);
        Assert.StartsWith($"timestamp_token: it stamps {Convert.ToHexStringLower(SHA256.HashData(first.RootSignature))}, not SHA-256 of root_signature", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_TimestampByAnUntrustedAuthority_IsDetected()
    {
        var (batch, signed) = SignBatch(2);
        Stamp(batch, await Client().RequestTokenAsync(signed.RootSignature, TestContext.Current.CancellationToken));

        var result = new ReceiptVerifier(_gateway.Published, new X509Certificate2Collection(_gateway.Root)).Verify(batch[0]);

        Assert.Equal(ReceiptCheck.Timestamp, result.FailedCheck);
        Assert.StartsWith($"timestamp_token: its authority '{_tsa.Certificate.Subject}' does not chain to a trusted timestamp authority", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_DamagedTimestamp_IsDetected()
    {
        var (batch, signed) = SignBatch(2);
        var token = await Client().RequestTokenAsync(signed.RootSignature, TestContext.Current.CancellationToken);
        token[^1] ^= 0x01; // inside the authority's signature value
        Stamp(batch, token);

        var result = new ReceiptVerifier(_gateway.Published).Verify(batch[0]);

        Assert.Equal(ReceiptCheck.Timestamp, result.FailedCheck);
        Assert.StartsWith($"timestamp_token: its signature does not verify with '{_tsa.Certificate.Subject}': ", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestToken_AuthorityRefusesTheDigest_SaysStatusAndReason()
    {
        _tsa.Respond = query => _tsa.ReplyAsync(query, "tsa-sha384-only.cnf");
        var (_, signed) = SignBatch(1);

        var error = await Assert.ThrowsAsync<TimestampException>(() => Client().RequestTokenAsync(signed.RootSignature, TestContext.Current.CancellationToken));

        Assert.Equal(
            $"timestamp authority {_tsa.Url}: refused the request: status rejection (2), badAlg (unrecognized or unsupported algorithm); \"Message digest algorithm is not supported.\"",
            error.Message);
    }

    [Fact]
    public async Task RequestToken_HttpError_SaysTheStatus()
    {
        _tsa.Respond = _ => Task.FromResult((503, "text/plain", "maintenance"u8.ToArray()));
        var (_, signed) = SignBatch(1);

        var error = await Assert.ThrowsAsync<TimestampException>(() => Client().RequestTokenAsync(signed.RootSignature, TestContext.Current.CancellationToken));

        Assert.Equal($"timestamp authority {_tsa.Url}: answered HTTP 503 Service Unavailable", error.Message);
    }

    [Fact]
    public async Task RequestToken_AnswerThatIsNoTimestampReply_SaysSo()
    {
        _tsa.Respond = _ => Task.FromResult((200, "text/html", "<html>login</html>"u8.ToArray()));
        var (_, signed) = SignBatch(1);

        var error = await Assert.ThrowsAsync<TimestampException>(() => Client().RequestTokenAsync(signed.RootSignature, TestContext.Current.CancellationToken));

        Assert.StartsWith($"timestamp authority {_tsa.Url}: answered with 18 bytes of text/html that are not an RFC 3161 TimeStampResp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestToken_ReplayedAnswer_IsRefusedForItsNonce()
    {
        var (_, signed) = SignBatch(1);
        await Client().RequestTokenAsync(signed.RootSignature, TestContext.Current.CancellationToken);
        var first = await File.ReadAllBytesAsync(_tsa.Directory.Combine("query-1.tsr"), TestContext.Current.CancellationToken);
        _tsa.Respond = _ => Task.FromResult((200, "application/timestamp-reply", first));

        var error = await Assert.ThrowsAsync<TimestampException>(() => Client().RequestTokenAsync(signed.RootSignature, TestContext.Current.CancellationToken));

        Assert.StartsWith($"timestamp authority {_tsa.Url}: sent a token with nonce ", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("(a replayed answer?)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestToken_AnswerForOtherData_IsRefusedForItsImprint()
    {
        var (_, other) = SignBatch(1, firstSequence: 50);
        await Client().RequestTokenAsync(other.RootSignature, TestContext.Current.CancellationToken);
        var reply = await File.ReadAllBytesAsync(_tsa.Directory.Combine("query-1.tsr"), TestContext.Current.CancellationToken);
        _tsa.Respond = _ => Task.FromResult((200, "application/timestamp-reply", reply));
        var (_, signed) = SignBatch(1);

        var error = await Assert.ThrowsAsync<TimestampException>(() => Client().RequestTokenAsync(signed.RootSignature, TestContext.Current.CancellationToken));

        Assert.StartsWith($"timestamp authority {_tsa.Url}: sent a token that does not fit this request: it stamps ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestToken_NobodyListening_SaysItCouldNotBeReached()
    {
        var url = new Uri($"http://127.0.0.1:{Gateway.Crypto.Tests.Support.FreePort.Next()}/tsa");

        var error = await Assert.ThrowsAsync<TimestampException>(() => new TimestampClient(_http, url).RequestTokenAsync(new byte[] { 1 }, TestContext.Current.CancellationToken));

        Assert.StartsWith($"timestamp authority {url}: could not be reached: ", error.Message, StringComparison.Ordinal);
    }
}
