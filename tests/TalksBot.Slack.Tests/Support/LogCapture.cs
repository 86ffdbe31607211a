using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TalksBot.Slack.Tests.Support;

/// <summary>One log entry as the bot wrote it.</summary>
internal sealed record LogEntry(LogLevel Level, string Category, EventId EventId, string Message, Exception? Exception);

/// <summary>Records every log entry of the bot (Debug and up, whatever the host's minimum level), so a test can assert what an operator would see.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Entries an operator would see as a problem: Error and above, or any with a stack trace above Debug.</summary>
    public IReadOnlyList<LogEntry> Problems => Entries.Where(e => e.Level >= LogLevel.Error || (e.Exception is not null && e.Level > LogLevel.Debug)).ToList();

    /// <summary>Adds the capture to <paramref name="services"/> at Debug level.</summary>
    public void AddTo(IServiceCollection services) =>
        services.AddLogging(logging => logging.AddProvider(this).AddFilter<LogCapture>(null, LogLevel.Debug));

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._entries.Enqueue(new LogEntry(logLevel, category, eventId, formatter(state, exception), exception));
    }
}
