using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Moq;
using TalksBot.Core.Cards;

namespace TalksBot.Tests;

public sealed class SafeConsoleFormatterTests
{
    [Fact]
    public void Write_ValuesWithEscapeSequencesAndLineBreaks_WritesOneCleanLineInTheSimpleFormat()
    {
        var line = Format(LogLevel.Warning, "Refused /fact from discord user 1 (\u001b]0;owned\u0007Mallory\u202E\ninfo: forged line): not a moderator");

        Assert.Matches(new Regex(@"^\d\d:\d\d:\d\d warn: TalksBot\.Core\.Commands\.CommandRouter\[1003\] Refused /fact from discord user 1 \(\]0;ownedMallory info: forged line\): not a moderator\n$"), line);
        Assert.Null(DisplayText.FindUnsafe(line.TrimEnd('\n')));
    }

    [Fact]
    public void Write_Exception_StaysOnTheSameLineWithoutControlCharacters()
    {
        var line = Format(LogLevel.Error, "Command /ask from console failed", new InvalidOperationException("bad \u001b[2J\nvalue"));

        Assert.Single(line.TrimEnd('\n').Split('\n'));
        Assert.Contains("Command /ask from console failed System.InvalidOperationException: bad [2J value", line, StringComparison.Ordinal);
        Assert.Null(DisplayText.FindUnsafe(line.TrimEnd('\n')));
    }

    private static string Format(LogLevel level, string message, Exception? exception = null)
    {
        var options = new SimpleConsoleFormatterOptions { TimestampFormat = "HH:mm:ss ", ColorBehavior = LoggerColorBehavior.Disabled };
        var formatter = new SafeConsoleFormatter(Mock.Of<IOptionsMonitor<SimpleConsoleFormatterOptions>>(m => m.CurrentValue == options));
        var output = new StringWriter();
        formatter.Write(new LogEntry<string>(level, "TalksBot.Core.Commands.CommandRouter", new EventId(level == LogLevel.Warning ? 1003 : 1001), message, exception, (state, _) => state), null, output);
        return output.ToString();
    }
}
