using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Polly.Telemetry;
using TalksBot.Platform.Http;
using TalksBot.Platform.WebSockets;

namespace TalksBot.Platform;

/// <summary>Registration of the platform layer's shared services.</summary>
public static class PlatformServiceCollectionExtensions
{
    /// <summary>The WebSocket connector (client sockets on <see cref="TimeProvider"/>) that <see cref="ReconnectingWebSocket"/> takes.</summary>
    public static IServiceCollection AddPlatformWebSockets(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IWebSocketConnector, WebSocketConnector>();
        return services;
    }

    /// <summary>
    /// Registers the named client <paramref name="name"/> with the platform resilience pipeline. Consumers take
    /// <see cref="IHttpClientFactory"/> and call <c>CreateClient(name)</c> (per call or once: the handlers are pooled).
    /// A failure the pipeline gives up on (an open circuit, the total time-out) reaches the caller as an
    /// <see cref="HttpRequestException"/>, so one catch covers the transport.
    /// </summary>
    public static IHttpClientBuilder AddPlatformHttpClient(this IServiceCollection services, string name, PlatformHttpOptions? options = null, Action<HttpClient>? configureClient = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var settings = options ?? new PlatformHttpOptions();
        services.TryAddTransient<PlatformHttpClients.TransportFailureHandler>();
        services.Configure<TelemetryOptions>(telemetry => telemetry.SeverityProvider = PlatformHttpClients.Severity);
        var builder = services.AddHttpClient(name, client =>
            {
                // The pipeline's total time-out decides; this only guards against a pipeline that never ends.
                client.Timeout = settings.TotalTimeout + TimeSpan.FromSeconds(5);
                client.MaxResponseContentBufferSize = settings.MaxResponseBytes;
                configureClient?.Invoke(client);
            })
            .RemoveAllLoggers()
            .AddHttpMessageHandler<PlatformHttpClients.TransportFailureHandler>();
        builder.AddResilienceHandler("platform", pipeline => PlatformHttpClients.Configure(pipeline, settings));
        return builder;
    }

}
