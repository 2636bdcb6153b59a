using Gateway.Protocol.V1;
using Gateway.Systems;
using Grpc.Core;
using Microsoft.Data.Sqlite;

namespace Gateway.Exchange;

/// <summary>The unary receive path, for simple clients: lease deliveries with Pull, settle them with Ack.</summary>
internal sealed partial class DocumentExchangeService
{
    public const int MaxPerCall = 1000;
    private const int DefaultPull = 100;

    public override Task<PullResponse> Pull(PullRequest request, ServerCallContext context)
    {
        var caller = CallerContext.Get(context);
        var orgs = caller.SelectOrgs(request.OrgCodes, "receive");
        var max = request.MaxDeliveries switch
        {
            0 => DefaultPull,
            > MaxPerCall => throw RpcErrors.InvalidArgument("max_deliveries", $"{request.MaxDeliveries} is more than {MaxPerCall}"),
            var n => (int)n,
        };

        var deliveries = OnStore(() => queue.Lease(orgs, max));
        return Task.FromResult(new PullResponse { Deliveries = { deliveries } });
    }

    public override async Task<AckResponse> Ack(AckRequest request, ServerCallContext context)
    {
        var caller = CallerContext.Get(context);
        if (request.Settlements.Count == 0)
            throw RpcErrors.InvalidArgument("settlements", "is empty: settle at least one delivery");
        if (request.Settlements.Count > MaxPerCall)
            throw RpcErrors.InvalidArgument("settlements", $"has {request.Settlements.Count} entries; at most {MaxPerCall}");
        for (var i = 0; i < request.Settlements.Count; i++)
        {
            if (string.IsNullOrEmpty(request.Settlements[i].DeliveryId))
                throw RpcErrors.InvalidArgument($"settlements[{i}].delivery_id", "is empty");
        }

        var results = await settle.SettleAsync(request.Settlements, caller.OrgCodes, context.CancellationToken);
        return new AckResponse { Results = { results } };
    }

    /// <summary>A store that cannot answer is UNAVAILABLE to the caller; its transaction has rolled back.</summary>
    private static T OnStore<T>(Func<T> work)
    {
        try
        {
            return work();
        }
        catch (SqliteException ex)
        {
            throw RpcErrors.Unavailable($"the store could not answer ({ex.Message.TrimEnd('.')}); nothing changed, retry");
        }
    }
}
