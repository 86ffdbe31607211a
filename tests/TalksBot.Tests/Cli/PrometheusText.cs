using System.Globalization;

namespace TalksBot.Tests.Cli;

/// <summary>Reads samples from a /metrics page (Prometheus text format) the way a dashboard query would.</summary>
internal static class PrometheusText
{
    /// <summary>The sum of every sample of <paramref name="metric"/> carrying all of <paramref name="labels"/> (other labels allowed); null when there is none.</summary>
    public static double? Sample(string page, string metric, params (string Name, string Value)[] labels)
    {
        double? total = null;
        foreach (var line in page.Split('\n'))
        {
            if (line.StartsWith('#') || !line.StartsWith(metric + "{", StringComparison.Ordinal) && !line.StartsWith(metric + " ", StringComparison.Ordinal))
            {
                continue;
            }

            var close = line.LastIndexOf('}');
            var labelText = close < 0 ? "" : line[(metric.Length + 1)..close];
            if (labels.All(l => labelText.Contains($"{l.Name}=\"{l.Value}\"", StringComparison.Ordinal)))
            {
                var value = line[(close < 0 ? metric.Length : close + 1)..].Trim().Split(' ')[0];
                total = (total ?? 0) + double.Parse(value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}
