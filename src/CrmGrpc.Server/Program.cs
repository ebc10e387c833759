using CrmGrpc.Data;
using CrmGrpc.Server.Hosting;
using Microsoft.Extensions.Options;

// dotnet run --project src/CrmGrpc.Server [-- --urls http://127.0.0.1:5000 --db ./crm.db]
// dotnet run --project src/CrmGrpc.Server [-- --store postgres --pg "Host=127.0.0.1;Username=crm;Database=crm"]
WebApplication app;
try
{
    app = CrmServerApp.Build(args);
}
catch (StartupRefusedException refused)
{
    // One line, no stack trace: the reason is the whole story (e.g. bound beyond loopback without API keys).
    await Console.Error.WriteLineAsync(refused.Message);
    return 2;
}

try
{
    await app.RunAsync();
}
catch (StoreStartException unavailable)
{
    // The store could not be opened or migrated (PostgreSQL unreachable, refused, a newer schema): one line, no stack.
    await Console.Error.WriteLineAsync(unavailable.Message);
    return 3;
}
catch (OptionsValidationException invalid)
{
    await Console.Error.WriteLineAsync($"invalid configuration: {string.Join("; ", invalid.Failures)}");
    return 2;
}

return 0;
