using Gateway.Protocol.V1;

namespace Gateway.Peering;

/// <summary>
/// axis.v1.GatewayPeering. Mapped so that reflection lists the contract; not built yet: calls are
/// refused with UNIMPLEMENTED by the generated base.
/// </summary>
internal sealed class GatewayPeeringService : GatewayPeering.GatewayPeeringBase;
