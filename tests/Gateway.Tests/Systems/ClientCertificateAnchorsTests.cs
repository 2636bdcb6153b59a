using Gateway.Systems;
using Gateway.Tests.Support;
using Grpc.Core;
using static Gateway.Tests.Support.ExchangeGateway;
using static Gateway.Tests.Systems.MtlsGateway;

namespace Gateway.Tests.Systems;

/// <summary>
/// Without Grpc:Tls:ClientCa, client certificates are judged against the signature trust anchors
/// (Signatures:TrustAnchors), by the same judge the signatures use.
/// </summary>
public sealed class ClientCertificateAnchorsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    private static async Task<Exception?> SendAsync(MtlsGateway mtls, string reference)
    {
        using var client = mtls.IssueClient("dms-g22 client", [Office]);
        mtls.Systems.BindCertificate("dms-g22", client);
        using var channel = mtls.Channel(client);
        return await Record.ExceptionAsync(() =>
            ExchangeOver(channel).SendAsync(Documents.Send(Office, [NgheAn], reference, "x"u8.ToArray()), NoToken).ResponseAsync);
    }

    [Fact]
    public async Task Send_TheCaAmongTheSignatureAnchors_Accepted()
    {
        await using var mtls = await MtlsGateway.StartAsync(caAsSignatureAnchors: true);

        Assert.Null(await SendAsync(mtls, "signature-anchors"));
        Assert.Equal(1, mtls.Gw.Count("SELECT COUNT(*) FROM documents WHERE client_reference = 'signature-anchors' AND submitted_by = 'dms-g22'"));
    }

    [Fact]
    public async Task Send_OtherSignatureAnchors_UnauthenticatedAsUntrusted()
    {
        // Anchors holding only an unrelated root: the test CA's certificates chain to nothing there.
        using var other = new TestPki(_dir.Path);
        var anchors = _dir.Combine("anchors");
        Directory.CreateDirectory(anchors);
        File.Copy(other.CaFile, Path.Combine(anchors, "root.pem"));
        await using var mtls = await MtlsGateway.StartAsync(new Dictionary<string, string?> { ["Signatures:TrustAnchors"] = anchors }, caAsSignatureAnchors: true);

        var error = Assert.IsType<RpcException>(await SendAsync(mtls, "other-anchors"));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        Assert.Contains(" is not trusted: ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("does not chain to a trusted anchor", error.Status.Detail, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
