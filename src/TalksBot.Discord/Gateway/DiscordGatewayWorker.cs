using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core;
using TalksBot.Core.Health;
using TalksBot.Discord.Interactions;
using TalksBot.Discord.Rest;

namespace TalksBot.Discord.Gateway;

/// <summary>
/// The gateway adapter: registers commands, connects every configured shard (identifying in buckets of
/// max_concurrency), and hands interactions from the receive loops to a pool of workers. If every shard stops on a
/// fatal close, it stops the host with a non-zero exit code.
/// </summary>
internal sealed class DiscordGatewayWorker(
    IOptions<DiscordOptions> options,
    DiscordRestClient rest,
    CommandRegistrar registrar,
    InteractionProcessor processor,
    AdapterLifetime adapters,
    ShutdownGrace grace,
    ReadinessRegistry readiness,
    DiscordTuning tuning,
    TimeProvider time,
    ILogger<DiscordGatewayWorker> logger) : BackgroundService
{
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
            catch (DiscordApiException exception) when (exception.Status is not (401 or 403))
            {
                // Commands registered earlier still work; the gateway is more important than a refreshed list.
                Log.GatewayEvent(logger, -1, $"command registration failed, keeping the registered ones: {exception.Message}");
            }

            var (url, recommendedShards, maxConcurrency) = settings.GatewayUrl is { } configured
                ? (configured, 1, 1)
                : await GatewayInfoAsync(stoppingToken).ConfigureAwait(false);
            var shardCount = settings.ShardCount ?? recommendedShards;
            var shardIds = settings.ParsedShardIds() is { Count: > 0 } ids ? ids : Enumerable.Range(0, shardCount).ToList();
            _shardsReady.Required = shardIds.Count;

            var interactions = Channel.CreateUnbounded<JsonObject>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
            // On shutdown the shards stop receiving and the workers finish what was received, within the grace period.
            var workers = Enumerable.Range(0, settings.Workers)
                .Select(_ => Task.Run(() => WorkAsync(interactions.Reader, grace.Token), CancellationToken.None))
                .ToList();
            var gate = new IdentifyGate(maxConcurrency, time);
            var shards = shardIds.Select(id =>
            {
                var shard = new GatewayShard(id, shardCount, settings.Token!, gate, interactions.Writer, time, logger, tuning.Gateway, _shardsReady);
                var supervisor = new GatewaySupervisor(shard, _ => Task.FromResult(url), time, logger) { InitialBackoff = tuning.InitialBackoff };
                return supervisor.RunAsync(stoppingToken);
            }).ToList();

            var exits = await Task.WhenAll(shards).ConfigureAwait(false);
            interactions.Writer.TryComplete();
            await Task.WhenAll(workers).ConfigureAwait(false);
            if (!stoppingToken.IsCancellationRequested && exits.All(e => e is { Next: GatewayNext.Stop }))
            {
                StopHost($"every shard stopped: {exits[0]!.Reason}");
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (DiscordApiException exception) when (exception.Status is 401 or 403)
        {
            Log.FatalClose(logger, -1, exception.Status, "Discord refused the bot's credentials", "Check Discord:Token and Discord:ApplicationId.");
            StopHost(exception.Message);
        }
    }

    private async Task<(Uri Url, int Shards, int MaxConcurrency)> GatewayInfoAsync(CancellationToken cancellationToken)
    {
        var info = await rest.GetGatewayBotAsync(cancellationToken).ConfigureAwait(false);
        return (info.Url, info.Shards, info.MaxConcurrency);
    }

    private async Task WorkAsync(ChannelReader<JsonObject> reader, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var interaction in reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                var responder = new RestInteractionResponder(rest, interaction["id"]?.GetValue<string>() ?? "", interaction["token"]?.GetValue<string>() ?? "");
                await processor.ProcessAsync(interaction, responder, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private void StopHost(string reason)
    {
        Log.GatewayEvent(logger, -1, $"stopping: {reason}");
        adapters.StoppedForGood();
    }
}
