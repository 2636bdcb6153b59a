using Gateway.Protocol.V1;
using Gateway.Systems;
using Grpc.Core;

namespace Gateway.Exchange;

/// <summary>Statuses and traces of documents.</summary>
internal sealed partial class DocumentExchangeService
{
    public override Task<UpdateStatusResponse> UpdateStatus(UpdateStatusRequest request, ServerCallContext context)
    {
        var caller = CallerContext.Get(context);
        var id = OnStore(() => statuses.Report(caller, request));
        return Task.FromResult(new UpdateStatusResponse { StatusId = id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }

    public override Task<GetTraceResponse> GetTrace(GetTraceRequest request, ServerCallContext context)
    {
        var caller = CallerContext.Get(context);
        return Task.FromResult(OnStore(() => traces.Read(caller, request.DocumentId)));
    }
}
