using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Discord.Gateway;
using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Discord.Tests.Gateway;

/// <summary>A fake Discord and the real bot connected to it over the gateway, with Discord's time limits shortened.</summary>
internal sealed class DiscordSession : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private DiscordSession(FakeDiscord discord, Testing.LoopbackBotHost bot)
    {
        Discord = discord;
        Bot = bot;
    }

    public FakeDiscord Discord { get; }

    public Testing.LoopbackBotHost Bot { get; }

    public static async Task<DiscordSession> StartAsync(
        FakeDiscordOptions? options = null,
        IDictionary<string, string?>? settings = null,
        Func<FakeDiscord, Task>? beforeBot = null,
        TimeSpan? deferAfter = null,
        TimeSpan? slowAbout = null)
    {
        var discord = await FakeDiscord.StartAsync(options ?? new FakeDiscordOptions
        {
            Token = DiscordTestBot.Token,
            HeartbeatIntervalMs = 500,
        });
        if (beforeBot is not null)
        {
            await beforeBot(discord);
        }

        var all = new Dictionary<string, string?>
        {
            ["Discord:ApiBaseUrl"] = discord.ApiBaseUrl.ToString(),
            ["Discord:GatewayUrl"] = discord.GatewayUrl.ToString(),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var bot = await DiscordTestBot.StartAsync(all, services =>
        {
            services.AddSingleton(new DiscordTuning
            {
                Gateway = new GatewayTimeouts { Connect = TimeSpan.FromSeconds(5), Hello = TimeSpan.FromSeconds(5), Ready = TimeSpan.FromSeconds(5), InvalidSessionWaitScale = 0.1 },
                InitialBackoff = TimeSpan.FromMilliseconds(100),
                DeferAfter = deferAfter ?? TimeSpan.FromSeconds(2),
            });
            if (slowAbout is { } delay)
            {
                Testing.SlowAboutHandler.Replace(services, delay);
            }
        });
        return new DiscordSession(discord, bot);
    }

    /// <summary>Registers commands on the fake as an earlier run of the bot would have.</summary>
    public static async Task SeedCommandsAsync(FakeDiscord discord, JsonArray commands)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Put, $"{discord.ApiBaseUrl}/applications/{discord.ApplicationId}/commands")
        {
            Content = new StringContent(commands.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "Bot " + discord.Token);
        request.Headers.TryAddWithoutValidation("User-Agent", "DiscordBot (https://example.org, 1.0)");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Dispatches an interaction and waits for its callback.</summary>
    public async Task<(JsonObject Interaction, Fakes.InteractionCallback Callback)> AskAsync(JsonObject interaction)
    {
        await Discord.DispatchInteractionAsync(interaction);
        var callback = await Discord.WaitForCallbackAsync(interaction["id"]!.GetValue<string>(), Wait);
        return (interaction, callback);
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Discord.DisposeAsync();
    }
}
