using System.Text.Json.Nodes;
using TalksBot.Core.Commands;
using TalksBot.Discord.Interactions;
using TalksBot.Discord.Tests.Gateway;

namespace TalksBot.Discord.Tests.Conversations;

/// <summary>"Check with TalksBot" is registered with the slash commands, in every message's Apps menu.</summary>
public sealed class MessageCommandRegistrationTests
{
    [Fact]
    public async Task Start_RegistersTheMessageCommandWithTheSlashCommands()
    {
        await using var session = await MentionSessionTests.ReadySessionAsync();

        var registered = session.Discord.GlobalCommands!.OfType<JsonObject>().ToList();
        var check = Assert.Single(registered, c => c["type"]!.GetValue<int>() == 3);
        Assert.Equal(CommandCatalog.CheckMessageCommandName, check["name"]!.GetValue<string>());
        Assert.Equal("", check["description"]!.GetValue<string>());
        Assert.False(check.ContainsKey("options"));
        Assert.Contains(registered, c => c["name"]!.GetValue<string>() == "ask" && c["type"]!.GetValue<int>() == 1);
    }

    public static TheoryData<string> Outdated => ["without the message command", "with a message command of another name"];

    [Theory]
    [MemberData(nameof(Outdated))]
    public async Task Start_WithRegisteredCommandsLackingTheMessageCommand_RegistersAgain(string outdated)
    {
        var current = DiscordPayloads.Json(DiscordCommandDefinitions.Build());
        var earlier = new JsonArray([.. current.OfType<JsonObject>().Where(c => c["type"]!.GetValue<int>() == 1).Select(c => c.DeepClone())]);
        if (outdated == "with a message command of another name")
        {
            earlier.Add(new JsonObject { ["name"] = "Fact-check", ["type"] = 3, ["description"] = "" });
        }

        await using var session = await DiscordSession.StartAsync(beforeBot: discord => DiscordSession.SeedCommandsAsync(discord, earlier));
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        Assert.Single(session.Discord.Requests, r => r.Method == "PUT" && r.UserAgent!.Contains("talksbot", StringComparison.Ordinal));
        var check = Assert.Single(session.Discord.GlobalCommands!, c => c!["type"]!.GetValue<int>() == 3);
        Assert.Equal(CommandCatalog.CheckMessageCommandName, check!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Fingerprint_TheSameNameAsAnotherType_Differs()
    {
        var wanted = DiscordCommandDefinitions.Build();
        var changed = wanted.Select(c => c.Type == 3 ? c with { Type = 1 } : c).ToList();

        Assert.NotEqual(DiscordCommandDefinitions.Fingerprint(wanted), DiscordCommandDefinitions.Fingerprint(changed));
    }
}
