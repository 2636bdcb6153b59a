using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using Gateway.Crypto.Pki;
using Gateway.Protocol.V1;
using Gateway.Signatures;
using Gateway.Tests.Support;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using static Gateway.Tests.Support.ExchangeGateway;

namespace Gateway.Tests.Signatures;

/// <summary>The gateway verifies every sender's signature before it stores a document, and refuses precisely.</summary>
public sealed class SignedSendTests : IAsyncLifetime
{
    private SignedGateway _signed = null!;

    private ExchangeGateway Gw => _signed.Gw;

    public async ValueTask InitializeAsync() => _signed = await SignedGateway.StartAsync();

    public async ValueTask DisposeAsync() => await _signed.DisposeAsync();

    private async Task<RpcException> Refused(SendRequest request) =>
        await Assert.ThrowsAsync<RpcException>(async () => await Gw.Client.SendAsync(request, Gw.Call));

    private static string Failure(RpcException refusal) => refusal.Trailers.GetValue(SignatureErrors.TrailerKey) ?? "(none)";

    [Fact]
    public async Task Send_SignedByACertificateCarryingTheSenderCode_IsAcceptedAndRecordedAsVerified()
    {
        using var signer = _signed.IssueSigner();

        var receipt = (await Gw.Client.SendAsync(_signed.SignedSend(signer, "signed-1"), Gw.Call)).Receipt;

        Assert.Equal(1, Gw.Count($"SELECT COUNT(*) FROM documents WHERE id = '{receipt.DocumentId}' AND signature_checked = 1 AND signer_thumbprint = '{signer.GetCertHashString(HashAlgorithmName.SHA256)}'"));
        var trace = await Gw.Client.GetTraceAsync(new GetTraceRequest { DocumentId = receipt.DocumentId }, Gw.Call);
        Assert.Contains(trace.Events, e => e.Kind == "accepted" && e.Detail.Contains("signature verified", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_Unsigned_FailsWithInvalidArgumentMissing()
    {
        var refusal = await Refused(Documents.Send(Office, [NgheAn], "unsigned", "x"u8.ToArray()));

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.Equal("missing", Failure(refusal));
        Assert.StartsWith("header.signature: is empty", refusal.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, Gw.Count("SELECT COUNT(*) FROM documents"));
    }

    [Fact]
    public async Task Send_HeaderChangedAfterSigning_FailsAsTampered()
    {
        using var signer = _signed.IssueSigner();
        var request = _signed.SignedSend(signer, "tampered");
        var header = DocumentHeader.Parser.ParseFrom(request.Header.Header);
        header.Priority = Priority.Flash;
        request.Header.Header = header.ToByteString();

        var refusal = await Refused(request);

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.Equal("tampered", Failure(refusal));
    }

    [Fact]
    public async Task Send_GarbageSignature_FailsAsMalformed()
    {
        var request = Documents.Send(Office, [NgheAn], "garbage", "x"u8.ToArray());
        request.Header.Signature = ByteString.CopyFromUtf8("not a CMS structure at all");

        var refusal = await Refused(request);

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.Equal("malformed", Failure(refusal));
    }

    [Fact]
    public async Task Send_WeakRsaKey_FailsAsWeakAlgorithm()
    {
        using var key = RSA.Create(1024);
        var request = new CertificateRequest("CN=weak, 2.5.4.97=" + Office, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var weak = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var send = Documents.Send(Office, [NgheAn], "weak", "x"u8.ToArray());
        var cms = new SignedCms(new ContentInfo(send.Header.Header.ToByteArray()), detached: true);
        var weakSigner = new CmsSigner(weak) { DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"), IncludeOption = X509IncludeOption.EndCertOnly };
        weakSigner.SignedAttributes.Add(new Pkcs9SigningTime());
        cms.ComputeSignature(weakSigner);
        send.Header.Signature = ByteString.CopyFrom(cms.Encode());

        var refusal = await Refused(send);

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.True("weak-algorithm" == Failure(refusal), refusal.Status.Detail);
        Assert.Contains("1024", refusal.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_CertificateFromAnUntrustedCa_FailsWithFailedPrecondition()
    {
        using var otherServer = new Crypto.Tests.Support.FileServer();
        using var other = new Crypto.Tests.Support.TestCa(otherServer, DateTimeOffset.UtcNow);
        using var leaf = other.IssueLeaf(p => p with { OrgCodes = [Office] });
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var stranger = CertificateFactory.Issue(other.Issuing, Crypto.Tests.Support.TestCa.Profile("Stranger", DateTimeOffset.UtcNow) with { OrgCodes = [Office] }, key).CopyWithPrivateKey(key);
        var request = Documents.Send(Office, [NgheAn], "untrusted", "x"u8.ToArray());
        using (var cms = new Crypto.Signatures.DetachedSigner(stranger, [other.Issuing]))
            request.Header.Signature = ByteString.CopyFrom(cms.Sign(request.Header.Header.Span));

        var refusal = await Refused(request);

        Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
        Assert.Equal("untrusted-chain", Failure(refusal));
    }

    [Fact]
    public async Task Send_ExpiredCertificate_FailsAsExpired()
    {
        var now = DateTimeOffset.UtcNow;
        using var signer = _signed.IssueSigner(p => p with { NotBefore = now.AddDays(-10), NotAfter = now.AddDays(-1) });

        var refusal = await Refused(_signed.SignedSend(signer, "expired"));

        Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
        Assert.Equal("expired", Failure(refusal));
    }

    [Fact]
    public async Task Send_KeyUsageForEnciphermentOnly_FailsAsKeyUsage()
    {
        using var signer = _signed.IssueSigner(p => p with { KeyUsage = X509KeyUsageFlags.DataEncipherment });

        var refusal = await Refused(_signed.SignedSend(signer, "key-usage"));

        Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
        Assert.Equal("key-usage", Failure(refusal));
    }

    [Fact]
    public async Task Send_RevokedCertificate_FailsAsRevoked()
    {
        using var signer = _signed.IssueSigner();
        _signed.Ca.RevokeLeaf(signer);
        _signed.Ca.PublishCrls(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));

        var refusal = await Refused(_signed.SignedSend(signer, "revoked"));

        Assert.Equal(StatusCode.FailedPrecondition, refusal.StatusCode);
        Assert.Equal("revoked", Failure(refusal));
    }

    [Fact]
    public async Task Send_CrlUnreachableUnderHardFail_FailsWithUnavailable()
    {
        using var signer = _signed.IssueSigner(p => p with { CrlUrl = _signed.Crls.Url("nowhere.crl") });

        var refusal = await Refused(_signed.SignedSend(signer, "no-crl"));

        Assert.Equal(StatusCode.Unavailable, refusal.StatusCode);
        Assert.Equal("revocation-unknown", Failure(refusal));
    }

    [Fact]
    public async Task Send_CertificateOfAnotherOrganisation_FailsWithPermissionDeniedUntilBound()
    {
        using var signer = _signed.IssueSigner(p => p with { OrgCodes = [Ministry] });

        var refusal = await Refused(_signed.SignedSend(signer, "other-org"));
        Assert.Equal(StatusCode.PermissionDenied, refusal.StatusCode);
        Assert.Equal("wrong-organization", Failure(refusal));
        Assert.Contains($"may not sign for {Office}", refusal.Status.Detail, StringComparison.Ordinal);
        Assert.Contains("gateway orgs bind-cert", refusal.Status.Detail, StringComparison.Ordinal);

        Gw.Gateway.Services.GetRequiredService<CertificateBindings>().Bind(Office, signer);
        var receipt = (await Gw.Client.SendAsync(_signed.SignedSend(signer, "other-org"), Gw.Call)).Receipt;
        Assert.NotEmpty(receipt.DocumentId);
    }

    [Fact]
    public async Task Upload_Unsigned_FailsBeforeAnyChunkIsRead()
    {
        using var call = Gw.Client.Upload(Gw.Call);
        var send = Documents.Send(Office, [NgheAn], "upload-unsigned", "x"u8.ToArray());
        await call.RequestStream.WriteAsync(new UploadRequest { Header = send.Header });

        var refusal = await Assert.ThrowsAsync<RpcException>(async () => await call.ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, refusal.StatusCode);
        Assert.Equal("missing", Failure(refusal));
    }
}
