using Gateway.Protocol.V1;

namespace Gateway.Exchange;

/// <summary>
/// axis.v1.DocumentExchange. Mapped so that reflection lists the contract; its methods are not built
/// yet and every call is refused by the generated base with UNIMPLEMENTED, gRPC's own answer.
/// </summary>
internal sealed class DocumentExchangeService : DocumentExchange.DocumentExchangeBase;
