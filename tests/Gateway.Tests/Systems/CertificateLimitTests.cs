using Gateway.Systems;
using Grpc.Core;
using static Gateway.Tests.Systems.SystemsTestData;

namespace Gateway.Tests.Systems;

/// <summary>A client certificate that carries organisation codes limits its system to the codes both have.</summary>
public sealed class CertificateLimitTests
{
    private const string Subject = "C=VN, OID.2.5.4.97=000.00.00.H44, CN=edoc";

    private static AuthenticatedCaller Caller(params string[] carried) =>
        new("edoc", [Ministry, Province], new CertificateLimit(Subject, carried));

    [Fact]
    public void OrgCodes_CertificateCarriesOneOfTheSystemsCodes_OnlyThatOne()
    {
        Assert.Equal([Province], Caller(Province).OrgCodes);
    }

    [Fact]
    public void OrgCodes_CertificateCarriesNoCode_TheSystemsCodes()
    {
        var caller = Caller();

        Assert.Equal([Ministry, Province], caller.OrgCodes.Order(StringComparer.Ordinal));
        Assert.Null(caller.Certificate);
    }

    [Fact]
    public void RequireOrg_RegisteredCodeTheCertificateDoesNotCarry_DeniedNamingWhatItCarries()
    {
        var error = Assert.Throws<RpcException>(() => Caller(Province, Commune).RequireOrg(Ministry, "send"));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(
            $"system 'edoc' may not send for organisation '{Ministry}' with client certificate \"{Subject}\": the certificate carries {Province}, {Commune} " +
            $"(organizationIdentifier), and a certificate that carries organisation codes limits its system to the codes both have ({Province})",
            error.Status.Detail);
    }

    [Fact]
    public void RequireOrg_CodeTheSystemIsNotRegisteredFor_DeniedAsWithoutACertificate()
    {
        var error = Assert.Throws<RpcException>(() => Caller(Province, Commune).RequireOrg(Commune, "send"));

        Assert.Equal($"system 'edoc' may not send for organisation '{Commune}' (it is registered for: {Ministry}, {Province})", error.Status.Detail);
    }

    [Fact]
    public void SelectOrgs_EmptyRequest_TheCodesBothHave()
    {
        Assert.Equal([Province], Caller(Province).SelectOrgs([], "receive"));
    }

    [Fact]
    public void SelectOrgs_EmptyRequestAndNoCodeInCommon_DeniedSayingNone()
    {
        var error = Assert.Throws<RpcException>(() => Caller(Commune).SelectOrgs([], "receive"));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.StartsWith($"system 'edoc' may not receive for any organisation with client certificate \"{Subject}\": the certificate carries {Commune}", error.Status.Detail, StringComparison.Ordinal);
        Assert.EndsWith("limits its system to the codes both have (none)", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SelectOrgs_RequestedCodeOutsideTheCertificate_Denied()
    {
        var error = Assert.Throws<RpcException>(() => Caller(Province).SelectOrgs([Province, Ministry], "receive"));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Contains($"may not receive for organisation '{Ministry}' with client certificate", error.Status.Detail, StringComparison.Ordinal);
    }
}
