using Grpc.Core;

namespace Gateway.Load.Peers.Echo;

/// <summary>Answers every call with the message it was sent: no work but the transport's own.</summary>
internal sealed class EchoService : Echo.EchoBase
{
    public override Task<EchoMessage> Echo(EchoMessage request, ServerCallContext context) => Task.FromResult(request);
}
