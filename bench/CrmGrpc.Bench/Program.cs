using CrmGrpc.Bench;

// dotnet run -c Release --project bench/CrmGrpc.Bench -- --customers 100000 --transactions 1000000 --json bench.json
return await BenchCommandLine.RunAsync(args);
