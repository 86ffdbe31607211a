using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace TalksBot.Platform.Tests.Http;

/// <summary>Collects every log entry (level, text, exception) so a test can assert what an operator would see.</summary>
internal sealed class TestLogs : ILoggerProvider
{
    public ConcurrentQueue<(LogLevel Level, string Category, string Message, Exception? Exception)> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(TestLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Entries.Enqueue((logLevel, category, formatter(state, exception), exception));
    }
}
