namespace CrmGrpc.Server.Hosting;

/// <summary>Thrown by <see cref="CrmServerApp.Build(string[])"/> when the server must not start; Program.cs prints the reason alone, on one line, and exits non-zero.</summary>
public sealed class StartupRefusedException(string reason) : Exception(reason);
