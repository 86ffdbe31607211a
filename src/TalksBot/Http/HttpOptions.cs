using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace TalksBot.Http;

/// <summary>
/// The HTTP surface (configuration section <c>Http</c>): /healthz, /readyz and /metrics, plus the platform endpoints in
/// Discord or Slack HTTP mode. Off unless <see cref="Enabled"/> is set or a platform's HTTP mode needs it.
/// </summary>
internal sealed partial class HttpOptions : IValidatableObject
{
    public const string Section = "Http";
    public const string DefaultUrls = "http://0.0.0.0:8080";

    public bool Enabled { get; set; }

    /// <summary>Where Kestrel listens, ';'-separated (ASP.NET Core's URLS format, e.g. http://0.0.0.0:8080).</summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>The loopback address of the first http:// URL, for probing the bot from inside its own container; null when there is none.</summary>
    public Uri? LoopbackUrl()
    {
        foreach (var url in Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var match = HttpUrl().Match(url);
            if (match.Success)
            {
                var port = match.Groups["port"].Success ? match.Groups["port"].Value : "80";
                var host = match.Groups["host"].Value;
                var reachable = host is "0.0.0.0" or "+" or "*" or "[::]" || host.Length == 0 ? "127.0.0.1" : host;
                return new Uri($"http://{reachable}:{port}/");
            }
        }

        return null;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrWhiteSpace(Urls) || LoopbackUrl() is null)
        {
            yield return new ValidationResult("Http:Urls must hold at least one http:// URL with a port, e.g. http://0.0.0.0:8080.", [nameof(Urls)]);
        }
    }

    [GeneratedRegex(@"^http://(?<host>\[[^\]]*\]|[^:/\[]*)(:(?<port>\d{1,5}))?/?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HttpUrl();
}
