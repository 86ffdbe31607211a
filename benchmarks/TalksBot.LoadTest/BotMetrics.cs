using System.Globalization;

namespace TalksBot.LoadTest;

/// <summary>Counters read from the bot's own <c>/metrics</c> (Prometheus text) after a run.</summary>
internal static class BotMetrics
{
    /// <summary>New questions answered from BM25 alone because the sentence encoder was overloaded.</summary>
    public const string QuestionsShed = "talksbot_questions_lexical_only";

    /// <summary>The sum of the counter's series (0 when the bot never counted one), or null when /metrics did not answer.</summary>
    public static async Task<double?> CounterAsync(Uri metrics, string name, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string text;
        try
        {
            text = await http.GetStringAsync(metrics, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return null;
        }

        var total = 0.0;
        foreach (var line in text.Split('\n'))
        {
            // "talksbot_questions_lexical_only_total{...} 12" or without labels; not "# HELP" / "# TYPE" lines.
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not ('_' or '{' or ' '))
            {
                continue;
            }

            var value = line[(line.LastIndexOf(' ') + 1)..];
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                total += number;
            }
        }

        return total;
    }
}
