using System.Text.Json.Nodes;
using TalksBot.Core.Commands;
using TalksBot.Discord.Interactions;

namespace TalksBot.Discord.Tests.Interactions;

public sealed class DiscordCommandDefinitionsTests
{
    [Fact]
    public void Build_EveryCatalogueCommand_IsAValidDiscordDefinition()
    {
        var commands = SlashCommands(DiscordPayloads.Json(DiscordCommandDefinitions.Build()));

        var expected = CommandCatalog.All.Select(c => c.Group ?? c.Name).Distinct();
        Assert.Equal(expected, commands.Select(c => c!["name"]!.GetValue<string>()));
        foreach (var command in commands)
        {
            AssertValid(command);
            foreach (var subcommand in Options(command).Where(o => o["type"]!.GetValue<int>() == 1))
            {
                AssertValid(subcommand);
                Assert.DoesNotContain(Options(subcommand), o => o["type"]!.GetValue<int>() is 1 or 2);
            }
        }
    }

    [Fact]
    public void Build_EveryGroupedCommand_IsASubcommandOfItsGroup()
    {
        var commands = SlashCommands(DiscordPayloads.Json(DiscordCommandDefinitions.Build())).ToDictionary(c => c["name"]!.GetValue<string>());

        foreach (var command in CommandCatalog.All.Where(c => c.Group is not null))
        {
            var subcommand = Assert.Single(Options(commands[command.Group!]), o => o["name"]!.GetValue<string>() == command.Subcommand);
            Assert.Equal(1, subcommand["type"]!.GetValue<int>());
            Assert.Equal(command.Options.Select(o => o.Name).Order(), Options(subcommand).Select(o => o["name"]!.GetValue<string>()).Order());
        }

        Assert.DoesNotContain(commands.Keys, name => name.Contains(' ', StringComparison.Ordinal));
    }

    [Fact]
    public void Build_ModeratorCommandsAndGroups_NeedTheConfiguredPermissionInGuilds()
    {
        var commands = DiscordPayloads.Json(DiscordCommandDefinitions.Build(moderatorPermission: 8192)).OfType<JsonObject>().ToDictionary(c => c["name"]!.GetValue<string>());

        foreach (var name in new[] { "fact", "kb", "subscribe", "unsubscribe" })
        {
            Assert.Equal("8192", commands[name]["default_member_permissions"]!.GetValue<string>());
            Assert.Equal("[0]", commands[name]["contexts"]!.ToJsonString());
        }

        Assert.False(commands["positions"].ContainsKey("default_member_permissions"));
    }

    [Fact]
    public void Build_ChannelAndFactIdOptions_AreAChannelPickerAndAnAutocompletedString()
    {
        var commands = DiscordPayloads.Json(DiscordCommandDefinitions.Build()).OfType<JsonObject>().ToDictionary(c => c["name"]!.GetValue<string>());

        var channel = Options(commands["subscribe"]).Single(o => o["name"]!.GetValue<string>() == "channel");
        Assert.Equal(7, channel["type"]!.GetValue<int>());
        Assert.Equal("[0,5]", channel["channel_types"]!.ToJsonString());
        var edit = Options(commands["fact"]).Single(o => o["name"]!.GetValue<string>() == "edit");
        var id = Options(edit).Single(o => o["name"]!.GetValue<string>() == "id");
        Assert.Equal(3, id["type"]!.GetValue<int>());
        Assert.True(id["autocomplete"]!.GetValue<bool>());
        Assert.True(id["required"]!.GetValue<bool>());
        var revision = Options(edit).Single(o => o["name"]!.GetValue<string>() == "revision");
        Assert.Equal((4, 999999), (revision["type"]!.GetValue<int>(), revision["max_value"]!.GetValue<int>()));
    }

    [Fact]
    public void Build_TopicAndPartyOptions_Autocomplete()
    {
        var positions = DiscordPayloads.Json(DiscordCommandDefinitions.Build()).OfType<JsonObject>().Single(c => c["name"]!.GetValue<string>() == "positions");

        var options = positions["options"]!.AsArray().OfType<JsonObject>().ToDictionary(o => o["name"]!.GetValue<string>());
        Assert.True(options["topic"]["autocomplete"]!.GetValue<bool>());
        Assert.True(options["party"]["autocomplete"]!.GetValue<bool>());
        Assert.True(options["topic"]["required"]!.GetValue<bool>());
    }

    [Fact]
    public void Fingerprint_IgnoresWhatDiscordAdds()
    {
        var ours = DiscordCommandDefinitions.Build();
        var theirs = DiscordPayloads.Json(ours);
        foreach (var command in theirs.OfType<JsonObject>())
        {
            command["id"] = "123";
            command["application_id"] = "456";
            command["version"] = "789";
            // Discord leaves out false booleans.
            foreach (var option in Options(command).Where(o => o["required"]?.GetValue<bool>() == false))
            {
                option.Remove("required");
            }
        }

        Assert.Equal(DiscordCommandDefinitions.Fingerprint(ours), DiscordCommandDefinitions.Fingerprint(DiscordPayloads.Commands(theirs)));
        theirs[0]!["description"] = "changed";
        Assert.NotEqual(DiscordCommandDefinitions.Fingerprint(ours), DiscordCommandDefinitions.Fingerprint(DiscordPayloads.Commands(theirs)));
    }

    [Fact]
    public void Fingerprint_ChangedSubcommandOption_Differs()
    {
        var ours = DiscordCommandDefinitions.Build();
        var theirs = DiscordPayloads.Json(ours);
        var fact = theirs.OfType<JsonObject>().Single(c => c["name"]!.GetValue<string>() == "fact");
        var retract = Options(fact).Single(o => o["name"]!.GetValue<string>() == "retract");
        Options(retract)[0]["description"] = "an older wording";

        Assert.NotEqual(DiscordCommandDefinitions.Fingerprint(ours), DiscordCommandDefinitions.Fingerprint(DiscordPayloads.Commands(theirs)));
    }

    /// <summary>The slash commands (type 1), without the message command in the Apps menu.</summary>
    private static List<JsonObject> SlashCommands(JsonArray commands) => [.. commands.OfType<JsonObject>().Where(c => c["type"]!.GetValue<int>() == 1)];

    private static List<JsonObject> Options(JsonObject command) => (command["options"] as JsonArray ?? []).OfType<JsonObject>().ToList();

    private static void AssertValid(JsonObject command)
    {
        Assert.Matches("^[a-z0-9_-]{1,32}$", command["name"]!.GetValue<string>());
        Assert.InRange(command["description"]!.GetValue<string>().Length, 1, 100);
        var options = Options(command);
        Assert.True(options.Count <= 25);
        var required = options.Select(o => o["required"]?.GetValue<bool>() ?? false).ToList();
        Assert.Equal(required.OrderByDescending(r => r), required);
        foreach (var option in options)
        {
            Assert.Matches("^[a-z0-9_-]{1,32}$", option["name"]!.GetValue<string>());
            Assert.InRange(option["description"]!.GetValue<string>().Length, 1, 100);
        }
    }
}
