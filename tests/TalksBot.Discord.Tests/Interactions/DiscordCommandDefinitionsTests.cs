using System.Text.Json.Nodes;
using TalksBot.Core.Commands;
using TalksBot.Discord.Interactions;

namespace TalksBot.Discord.Tests.Interactions;

public sealed class DiscordCommandDefinitionsTests
{
    [Fact]
    public void Build_EveryCatalogueCommand_IsAValidDiscordDefinition()
    {
        var commands = DiscordCommandDefinitions.Build();

        Assert.Equal(CommandCatalog.All.Select(c => c.Name), commands.Select(c => c!["name"]!.GetValue<string>()));
        foreach (var command in commands.OfType<JsonObject>())
        {
            Assert.Matches("^[a-z0-9_-]{1,32}$", command["name"]!.GetValue<string>());
            Assert.InRange(command["description"]!.GetValue<string>().Length, 1, 100);
            var options = command["options"]!.AsArray().OfType<JsonObject>().ToList();
            Assert.True(options.Count <= 25);
            var required = options.Select(o => o["required"]!.GetValue<bool>()).ToList();
            Assert.Equal(required.OrderByDescending(r => r), required);
        }
    }

    [Fact]
    public void Build_TopicAndPartyOptions_Autocomplete()
    {
        var positions = DiscordCommandDefinitions.Build().OfType<JsonObject>().Single(c => c["name"]!.GetValue<string>() == "positions");

        var options = positions["options"]!.AsArray().OfType<JsonObject>().ToDictionary(o => o["name"]!.GetValue<string>());
        Assert.True(options["topic"]["autocomplete"]!.GetValue<bool>());
        Assert.True(options["party"]["autocomplete"]!.GetValue<bool>());
        Assert.True(options["topic"]["required"]!.GetValue<bool>());
    }

    [Fact]
    public void Fingerprint_IgnoresWhatDiscordAdds()
    {
        var ours = DiscordCommandDefinitions.Build();
        var theirs = JsonNode.Parse(ours.ToJsonString())!.AsArray();
        foreach (var command in theirs.OfType<JsonObject>())
        {
            command["id"] = "123";
            command["application_id"] = "456";
            command["version"] = "789";
        }

        Assert.Equal(DiscordCommandDefinitions.Fingerprint(ours), DiscordCommandDefinitions.Fingerprint(theirs));
        theirs[0]!["description"] = "changed";
        Assert.NotEqual(DiscordCommandDefinitions.Fingerprint(ours), DiscordCommandDefinitions.Fingerprint(theirs));
    }
}
