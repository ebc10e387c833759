using CrmGrpc.Server.Hosting;

// dotnet run --project src/CrmGrpc.Server [-- --urls http://127.0.0.1:5000 --db ./crm.db]
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

await app.RunAsync();
return 0;
