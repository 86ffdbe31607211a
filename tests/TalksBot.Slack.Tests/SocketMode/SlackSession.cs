using Microsoft.Extensions.DependencyInjection;
using TalksBot.Slack.Tests.Fakes;

namespace TalksBot.Slack.Tests.SocketMode;

/// <summary>A fake Slack and the real bot connected to it over Socket Mode, with Slack's time limits shortened.</summary>
internal sealed class SlackSession : IAsyncDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    private SlackSession(FakeSlack slack, Testing.LoopbackBotHost bot)
    {
        Slack = slack;
        Bot = bot;
    }

    public FakeSlack Slack { get; }

    public Testing.LoopbackBotHost Bot { get; }

    /// <summary>
    /// Starts both; <paramref name="settings"/> adds bot configuration (Slack:ModeratorUserIds …) on top of the tokens and the fake's
    /// address, <paramref name="tuning"/> shortens more of Slack's limits, <paramref name="configure"/> changes services last, and
    /// unless <paramref name="waitForSockets"/> is false it returns once every socket said hello.
    /// </summary>
    public static async Task<SlackSession> StartAsync(
        Func<FakeSlack, Task>? beforeBot = null,
        TimeSpan? slowAbout = null,
        int connections = 2,
        FakeSlackOptions? options = null,
        IDictionary<string, string?>? settings = null,
        Func<SlackTuning, SlackTuning>? tuning = null,
        Action<IServiceCollection>? configure = null,
        bool waitForSockets = true)
    {
        var slack = await FakeSlack.StartAsync(options ?? new FakeSlackOptions { BotToken = SlackTestBot.BotToken, AppToken = SlackTestBot.AppToken });
        if (beforeBot is not null)
        {
            await beforeBot(slack);
        }

        var all = new Dictionary<string, string?>
        {
            ["Slack:AppToken"] = SlackTestBot.AppToken,
            ["Slack:ApiBaseUrl"] = slack.ApiBaseUrl.ToString(),
            ["Slack:Connections"] = connections.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var bot = await SlackTestBot.StartAsync(
            all,
            services =>
            {
                var shortened = new SlackTuning
                {
                    AckAfter = slowAbout is null ? TimeSpan.FromSeconds(2) : TimeSpan.FromMilliseconds(200),
                    Stagger = TimeSpan.FromMilliseconds(300),
                    InitialBackoff = TimeSpan.FromMilliseconds(100),
                };
                services.AddSingleton(tuning is null ? shortened : tuning(shortened));
                if (slowAbout is { } delay)
                {
                    Testing.SlowAboutHandler.Replace(services, delay);
                }

                configure?.Invoke(services);
            });
        var session = new SlackSession(slack, bot);
        if (!waitForSockets)
        {
            return session;
        }

        await slack.WaitUntilAsync(s => s.LiveConnectionCount >= connections && s.SentFrames.Count(f => f.Json?["type"]?.GetValue<string>() == "hello") >= connections, Wait, "the bot's sockets connected");
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await Bot.DisposeAsync();
        await Slack.DisposeAsync();
    }
}
