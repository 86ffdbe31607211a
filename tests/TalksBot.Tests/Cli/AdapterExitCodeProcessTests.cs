using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Tests.Cli;

/// <summary>The process exit code comes from how the bot ended, which Core reports: its only adapter stopping for good is exit 1.</summary>
public sealed class AdapterExitCodeProcessTests : IDisposable
{
    private const string Token = "MTE0OTk4.canary-discord-bot-token.Zk7Qx2";
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task OnlyAdapter_StoppedForGoodByAnInvalidTokenClose_ExitsOne()
    {
        await using var discord = await FakeDiscord.StartAsync(new FakeDiscordOptions { Token = Token });
        await using var bot = BotProcess.Start(_cli, new Dictionary<string, string>
        {
            ["Discord__Token"] = Token,
            ["Discord__ApplicationId"] = discord.ApplicationId,
            ["Discord__ApiBaseUrl"] = discord.ApiBaseUrl.ToString(),
            ["Discord__GatewayUrl"] = discord.GatewayUrl.ToString(),
        });
        await discord.WaitForReadyAsync(BotProcess.Wait);

        await discord.CloseAsync(4004, "Authentication failed.");

        Assert.True(1 == await bot.WaitForExitAsync(), bot.Output);
    }

    public void Dispose() => _cli.Dispose();
}
