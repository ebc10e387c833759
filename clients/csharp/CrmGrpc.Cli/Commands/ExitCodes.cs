namespace CrmGrpc.Cli.Commands;

/// <summary>The process exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Done (an import whose rows were rejected still succeeded: rejected rows are data).</summary>
    public const int Ok = 0;

    /// <summary>The call or the input failed.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C).</summary>
    public const int Cancelled = 130;
}

/// <summary>A command-line value that parsed but cannot be used (exit code 2).</summary>
internal sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message)
        : base(message)
    {
    }

    public UsageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
