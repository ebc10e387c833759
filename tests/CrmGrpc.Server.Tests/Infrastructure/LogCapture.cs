using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CrmGrpc.Server.Tests.Infrastructure;

/// <summary>A logger provider that keeps every entry (category, level, message, exception) for a test to read.</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue(new LogEntry(category, logLevel, formatter(state, exception), exception));
    }
}

/// <summary>One log entry; <see cref="Text"/> is what a console logger writes: the message, then the exception.</summary>
public sealed record LogEntry(string Category, LogLevel Level, string Message, Exception? Exception)
{
    public string Text => Exception is null ? Message : Message + Environment.NewLine + Exception;
}
