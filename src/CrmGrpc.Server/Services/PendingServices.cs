using CrmGrpc.Contracts.V1;

namespace CrmGrpc.Server.Services;

// Services whose RPCs are not built yet. They are mapped so that reflection lists the whole contract;
// every RPC a class does not override answers UNIMPLEMENTED (the generated base class does that).

/// <summary>crm.v1.UpliftService: RPCs answer UNIMPLEMENTED until the uplift issue lands.</summary>
public sealed class UpliftGrpcService : UpliftService.UpliftServiceBase;
