using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core;
using TalksBot.Core.Health;
using TalksBot.Discord.Api;
using TalksBot.Discord.Conversations;
using TalksBot.Discord.Interactions;
using TalksBot.Discord.Rest;
using TalksBot.Platform.WebSockets;

namespace TalksBot.Discord.Gateway;

/// <summary>
/// The gateway adapter: registers commands, runs every configured shard as a <see cref="GatewayShard"/> on its own
/// <see cref="ReconnectingWebSocket"/> (identifying in buckets of max_concurrency), and hands interactions and the
/// messages written to the bot from the receive loops to a pool of workers. If every shard stops for good (a fatal close), the adapter leaves
/// (<see cref="AdapterLifetime.StoppedForGood"/>).
/// </summary>
internal sealed class DiscordGatewayWorker(
    IOptions<DiscordOptions> options,
    DiscordRestClient rest,
    CommandRegistrar registrar,
    InteractionProcessor processor,
    MessageProcessor messages,
    IWebSocketConnector connector,
    AdapterLifetime adapters,
    ShutdownGrace grace,
    ReadinessRegistry readiness,
    DiscordTuning tuning,
    TimeProvider time,
    ILogger<DiscordGatewayWorker> logger) : BackgroundService
{
    /// <summary>Discord's gateway limits on what a client sends: 4096 bytes a frame, 120 frames a minute (110 leaves room).</summary>
    private static readonly WebSocketTransportOptions Transport = new()
    {
        MaxSendBytes = 4096,
        SendRate = new SendRateLimit(110, TimeSpan.FromSeconds(60)),
        MaxMessageBytes = 4 * 1024 * 1024,
    };

    // Registered when the host creates the worker, before anything listens: /readyz never reports ready without it.
    private readonly ReadinessComponent _shardsReady = readiness.Add("discord gateway");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        adapters.Started();
        try
        {
            try
            {
                await registrar.RegisterAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is HttpRequestException or DiscordApiException { Status: not (401 or 403) })
            {
                // Commands registered earlier still work; the gateway is more important than a refreshed list.
                Log.StartProblem(logger, $"command registration failed, keeping the registered ones: {exception.Message}");
            }

            var (url, recommendedShards, maxConcurrency) = settings.GatewayUrl is { } configured
                ? (configured, 1, 1)
                : await GatewayInfoAsync(stoppingToken).ConfigureAwait(false);
            var shardCount = settings.ShardCount ?? recommendedShards;
            var shardIds = settings.ParsedShardIds() is { Count: > 0 } ids ? ids : Enumerable.Range(0, shardCount).ToList();
            _shardsReady.Required = shardIds.Count;

            var work = Channel.CreateUnbounded<GatewayWork>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
            // On shutdown the shards stop receiving and the workers finish what was received, within the grace period.
            var workers = Enumerable.Range(0, settings.Workers)
                .Select(_ => Task.Run(() => WorkAsync(work.Reader, grace.Token), CancellationToken.None))
                .ToList();
            var gate = new IdentifyGate(maxConcurrency, time);
            var shards = shardIds.Select(id =>
            {
                var shard = new GatewayShard(id, shardCount, settings.Token!, url, gate, work.Writer, time, logger, tuning.Gateway, _shardsReady);
                var loop = new ReconnectingWebSocket(shard, LoopOptions(id), connector, time, logger);
                return loop.RunAsync(stoppingToken);
            }).ToList();

            var exits = await Task.WhenAll(shards).ConfigureAwait(false);
            work.Writer.TryComplete();
            await Task.WhenAll(workers).ConfigureAwait(false);
            if (!stoppingToken.IsCancellationRequested && exits.All(e => e is { Kind: SessionExitKind.Stop }))
            {
                adapters.StoppedForGood();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (DiscordApiException exception) when (exception.Status is 401 or 403)
        {
            Log.CredentialsRefused(logger, exception.Status);
            adapters.StoppedForGood();
        }
    }

    private ReconnectingWebSocketOptions LoopOptions(int shardId) => new()
    {
        Platform = InteractionProcessor.Platform,
        Name = $"shard {shardId}",
        Transport = Transport with { ConnectTimeout = tuning.Gateway.Connect },
        Backoff = new ReconnectBackoffOptions { InitialDelay = tuning.InitialBackoff },
        // Any code but 1000/1001 keeps the session resumable: a restart, a failure or a reconnect can all resume it.
        CloseStatus = GatewayShard.ResumableClose,
        ShutdownCloseStatus = GatewayShard.ResumableClose,
    };

    /// <summary>Where to connect and how many shards, from <c>GET /gateway/bot</c>; asked again with backoff while Discord cannot say.</summary>
    private async Task<(Uri Url, int Shards, int MaxConcurrency)> GatewayInfoAsync(CancellationToken cancellationToken)
    {
        var backoff = new ReconnectBackoff(new ReconnectBackoffOptions { InitialDelay = tuning.InitialBackoff });
        while (true)
        {
            try
            {
                var info = await rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
                if (!Uri.TryCreate(info.Url, UriKind.Absolute, out var url) || url.Scheme is not ("ws" or "wss"))
                {
                    throw new DiscordApiException("GET /gateway/bot", 200, null, "the gateway URL is not a ws:// or wss:// URL");
                }

                return (url, Math.Max(1, info.Shards), Math.Max(1, info.SessionStartLimit?.MaxConcurrency ?? 1));
            }
            catch (Exception exception) when (exception is HttpRequestException or DiscordApiException { Status: not (401 or 403) })
            {
                var delay = backoff.NextDelay(TimeSpan.Zero);
                Log.StartProblem(logger, $"GET /gateway/bot failed ({exception.Message}); asking again in {delay.TotalSeconds:0.#} s");
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task WorkAsync(ChannelReader<GatewayWork> reader, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var item in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                switch (item)
                {
                    case InteractionWork { Interaction: var interaction }:
                        await AnswerAsync(interaction, cancellationToken).ConfigureAwait(false);
                        break;
                    case MessageWork message:
                        await AnswerAsync(message, cancellationToken).ConfigureAwait(false);
                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task AnswerAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        if (!await processor.ClaimAsync(interaction, cancellationToken).ConfigureAwait(false))
        {
            // Delivered twice (a RESUME replays what the last connection may already have handed over): answered once.
            Log.ReplayRefused(logger, interaction.Id, "gateway");
            return;
        }

        try
        {
            await processor.ProcessAsync(interaction, new RestInteractionResponder(rest, interaction), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A bug of ours in one interaction must not take a worker away from the others.
            Log.HandlingFailed(logger, interaction.Id, exception);
        }
    }

    private async Task AnswerAsync(MessageWork work, CancellationToken cancellationToken)
    {
        try
        {
            await messages.ProcessAsync(work.Message, work.BotUserId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The delivery log or a bug of ours failing for one message must not take a worker away from the others.
            Log.MessageHandlingFailed(logger, work.Message.Id, exception);
        }
    }
}
