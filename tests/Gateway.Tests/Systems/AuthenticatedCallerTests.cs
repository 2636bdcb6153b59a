using Gateway.Systems;
using Grpc.Core;
using static Gateway.Tests.Systems.SystemsTestData;

namespace Gateway.Tests.Systems;

public sealed class AuthenticatedCallerTests
{
    private readonly AuthenticatedCaller _caller = new("edoc-h44", [Province, Commune, Province]);

    [Fact]
    public void OrgCodes_DuplicatesGiven_HoldsEachOnce()
    {
        Assert.Equal(2, _caller.OrgCodes.Count);
        Assert.Contains(Province, _caller.OrgCodes);
        Assert.Contains(Commune, _caller.OrgCodes);
    }

    [Fact]
    public void RequireOrg_OwnCode_Passes()
    {
        _caller.RequireOrg(Commune, "send");
    }

    [Fact]
    public void RequireOrg_ForeignCode_FailsWithPermissionDeniedNamingItAndTheOwnCodes()
    {
        var error = Assert.Throws<RpcException>(() => _caller.RequireOrg(Ministry, "send"));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(
            $"system 'edoc-h44' may not send for organisation '{Ministry}' (it is registered for: {Province}, {Commune})",
            error.Status.Detail);
    }

    [Fact]
    public void RequireOrg_CodeInAnotherCase_FailsBecauseCodesCompareExactly()
    {
        var error = Assert.Throws<RpcException>(() => _caller.RequireOrg(Commune.ToLowerInvariant(), "send"));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
    }

    [Fact]
    public void SelectOrgs_EmptyRequest_ReturnsEveryOwnCodeSorted()
    {
        Assert.Equal([Province, Commune], _caller.SelectOrgs([], "receive"));
    }

    [Fact]
    public void SelectOrgs_OwnCodesWithDuplicates_ReturnsEachOnceInRequestOrder()
    {
        Assert.Equal([Commune, Province], _caller.SelectOrgs([Commune, Province, Commune], "receive"));
    }

    [Fact]
    public void SelectOrgs_OneForeignCode_FailsWithPermissionDeniedNamingIt()
    {
        var error = Assert.Throws<RpcException>(() => _caller.SelectOrgs([Commune, Ministry], "receive"));

        Assert.Equal(StatusCode.PermissionDenied, error.StatusCode);
        Assert.Equal(
            $"system 'edoc-h44' may not receive for organisation '{Ministry}' (it is registered for: {Province}, {Commune})",
            error.Status.Detail);
    }

    [Fact]
    public void SelectOrgs_SeveralForeignCodes_FailsNamingEach()
    {
        var error = Assert.Throws<RpcException>(() => _caller.SelectOrgs(["000.00.00.Z99", Commune, Ministry], "receive"));

        Assert.Equal(
            $"system 'edoc-h44' may not receive for organisations '000.00.00.Z99', '{Ministry}' (it is registered for: {Province}, {Commune})",
            error.Status.Detail);
    }

    [Fact]
    public void Equality_SameNameAndCodes_Equal()
    {
        Assert.Equal(_caller, new AuthenticatedCaller("edoc-h44", [Commune, Province]));
        Assert.NotEqual(_caller, new AuthenticatedCaller("edoc-h44", [Commune]));
    }

    [Fact]
    public void CallerContextGet_CallThatWasNotAuthenticated_Throws()
    {
        var context = new FakeServerCallContext([]);

        var error = Assert.Throws<InvalidOperationException>(() => CallerContext.Get(context));

        Assert.Contains("BearerAuthInterceptor", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CallerContextGet_AfterSet_ReturnsTheCaller()
    {
        var context = new FakeServerCallContext([]);
        CallerContext.Set(context, _caller);

        Assert.Same(_caller, CallerContext.Get(context));
    }
}
