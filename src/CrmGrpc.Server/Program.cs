using CrmGrpc.Server.Hosting;

// dotnet run --project src/CrmGrpc.Server [-- --urls http://127.0.0.1:5000 --db ./crm.db]
await CrmServerApp.Build(args).RunAsync();
