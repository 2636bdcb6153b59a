using Gateway.Protocol.V1;

namespace Gateway.Admin;

/// <summary>
/// axis.v1.Admin. Mapped so that reflection lists the contract; not built yet: calls are refused with
/// UNIMPLEMENTED by the generated base.
/// </summary>
internal sealed class AdminService : Protocol.V1.Admin.AdminBase;
