using Gateway.Protocol.V1;
using Gateway.Signatures;
using Gateway.Tests.Support;
using Google.Protobuf;
using Grpc.Core;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Signatures;

/// <summary>With Signatures:Required=false, unsigned documents pass as unverified, and a signature that is present is still checked.</summary>
public sealed class OptionalSignatureTests : IAsyncLifetime
{
    private SignedGateway _signed = null!;

    private ExchangeGateway Gw => _signed.Gw;

    public async ValueTask InitializeAsync() => _signed = await SignedGateway.StartAsync(new Dictionary<string, string?> { ["Signatures:Required"] = "false" });

    public async ValueTask DisposeAsync() => await _signed.DisposeAsync();

    [Fact]
    public async Task Send_UnsignedWhenNotRequired_IsAcceptedAndRecordedAsUnverified()
    {
        var receipt = (await Gw.Client.SendAsync(Documents.Send(Office, [NgheAn], "unsigned-ok", "x"u8.ToArray()), Gw.Call)).Receipt;

        Assert.Equal(1, Gw.Count($"SELECT COUNT(*) FROM documents WHERE id = '{receipt.DocumentId}' AND signature_checked = 0 AND signer_thumbprint IS NULL"));
        var trace = await Gw.Client.GetTraceAsync(new GetTraceRequest { DocumentId = receipt.DocumentId }, Gw.Call);
        Assert.Contains(trace.Events, e => e.Kind == "accepted" && e.Detail.Contains("unsigned, not verified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_TamperedSignatureWhenNotRequired_IsStillRefused()
    {
        using var signer = _signed.IssueSigner();
        var request = _signed.SignedSend(signer, "tampered-optional");
        var signature = request.Header.Signature.ToByteArray();
        signature[^1] ^= 0x01;
        request.Header.Signature = ByteString.CopyFrom(signature);

        var refusal = await Assert.ThrowsAsync<RpcException>(async () => await Gw.Client.SendAsync(request, Gw.Call));

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.NotNull(refusal.Trailers.GetValue(SignatureErrors.TrailerKey));
        Assert.Equal(0, Gw.Count("SELECT COUNT(*) FROM documents"));
    }
}
