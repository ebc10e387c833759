using CrmGrpc.Cli.Commands;

return await CrmCommandLine.RunAsync(args);
