using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using TalksBot.Core.Cards;

namespace TalksBot;

/// <summary>
/// The simple console format on one line (<c>12:00:00 info: Category[5001] message</c>), with every value made safe
/// for a terminal: log lines carry what members typed and what platforms sent (display names, questions), and an ESC
/// sequence there must not restyle or retitle the operator's terminal, nor a line break forge another log line.
/// </summary>
internal sealed class SafeConsoleFormatter(IOptionsMonitor<SimpleConsoleFormatterOptions> options) : ConsoleFormatter(Name)
{
    public new const string Name = "talksbot";

    private const string ResetColours = "\u001b[39m\u001b[22m\u001b[49m";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        if (string.IsNullOrEmpty(message) && logEntry.Exception is null)
        {
            return;
        }

        var settings = options.CurrentValue;
        if (settings.TimestampFormat is { } format)
        {
            var now = settings.UseUtcTimestamp ? DateTimeOffset.UtcNow : DateTimeOffset.Now;
            textWriter.Write(OneLine(now.ToString(format, CultureInfo.InvariantCulture)));
        }

        var (level, colours) = Level(logEntry.LogLevel);
        var coloured = settings.ColorBehavior == LoggerColorBehavior.Enabled
            || (settings.ColorBehavior == LoggerColorBehavior.Default && !Console.IsErrorRedirected);
        textWriter.Write(coloured ? colours + level + ResetColours : level);
        textWriter.Write(": ");
        textWriter.Write(OneLine(logEntry.Category));
        textWriter.Write('[');
        textWriter.Write(logEntry.EventId.Id.ToString(CultureInfo.InvariantCulture));
        textWriter.Write("] ");
        textWriter.Write(OneLine(message));
        if (logEntry.Exception is { } exception)
        {
            textWriter.Write(' ');
            textWriter.Write(OneLine(exception.ToString()));
        }

        textWriter.Write(Environment.NewLine);
    }

    /// <summary>The text without control, bidirectional-override or invisible characters, its line breaks as spaces.</summary>
    internal static string OneLine(string text) => DisplayText.Clean(text).Replace('\n', ' ');

    private static (string Level, string Colours) Level(LogLevel level) => level switch
    {
        LogLevel.Trace => ("trce", "\u001b[37m\u001b[40m"),
        LogLevel.Debug => ("dbug", "\u001b[37m\u001b[40m"),
        LogLevel.Information => ("info", "\u001b[32m\u001b[40m"),
        LogLevel.Warning => ("warn", "\u001b[1m\u001b[33m\u001b[40m"),
        LogLevel.Error => ("fail", "\u001b[30m\u001b[41m"),
        LogLevel.Critical => ("crit", "\u001b[1m\u001b[37m\u001b[41m"),
        _ => ("none", ""),
    };
}
