using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using TalksBot.Core;
using TalksBot.Core.Health;

namespace TalksBot.Http;

/// <summary>
/// <c>/healthz</c> (the process is alive), <c>/readyz</c> (the knowledge is loaded and every enabled adapter connected; 503
/// naming what is not, and while shutting down) and <c>/metrics</c> (Prometheus text, from the "TalksBot" meter).
/// </summary>
internal static class HealthEndpoints
{
    public const string HealthPath = "/healthz";
    public const string ReadyPath = "/readyz";
    public const string MetricsPath = "/metrics";

    /// <summary>The OpenTelemetry meter provider with the Prometheus exporter, reading TalksBot's meter.</summary>
    public static IServiceCollection AddMetricsExporter(this IServiceCollection services)
    {
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("talksbot"))
            .WithMetrics(metrics => metrics
                .AddMeter(TalksBotMetrics.MeterName)
                // A scrape shows the counts as they are now, not as they were up to 300 ms ago.
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(HealthPath, () => Results.Text("ok"));
        endpoints.MapGet(ReadyPath, (ReadinessRegistry readiness, ShutdownGrace grace) => Ready(readiness.Report(), grace.Stopping));
        endpoints.MapPrometheusScrapingEndpoint(MetricsPath);
        return endpoints;
    }

    private static IResult Ready(ReadinessReport report, bool stopping)
    {
        var waiting = report.Components.Where(c => !c.Ready).Select(c => $"{c.Name} ({c.Connected} of {c.Required} connected)").ToList();
        if (stopping)
        {
            waiting.Insert(0, "shutting down");
        }

        var body = new JsonObject
        {
            ["status"] = waiting.Count == 0 ? "ready" : "not ready",
            ["waitingFor"] = new JsonArray([.. waiting.Select(w => JsonValue.Create(w))]),
            ["components"] = new JsonArray([.. report.Components.Select(c => new JsonObject
            {
                ["name"] = c.Name,
                ["ready"] = c.Ready,
                ["connected"] = c.Connected,
                ["required"] = c.Required,
            })]),
        };
        return Results.Text(body.ToJsonString(), "application/json", statusCode: waiting.Count == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}
