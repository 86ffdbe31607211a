using System.Text.Json.Nodes;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Discord.Api;
using TalksBot.Discord.Interactions;

namespace TalksBot.Discord.Tests.Interactions;

public sealed class DiscordModalsTests
{
    [Fact]
    public void Render_FactEditWithLongestIdAndRevision_FitsAndComesBack()
    {
        var id = new string('x', 76) + "-end";
        var form = new ReplyForm("fact edit", "Edit fact", [new FormField("text", "The fact", "Old text", Multiline: true, Required: true)], new Dictionary<string, string> { ["id"] = id, ["revision"] = "999999" });

        var (modal, problem) = DiscordModals.Render(form);

        Assert.Null(problem);
        var data = DiscordPayloads.Json(new InteractionResponse(InteractionCallbackType.Modal, modal))["data"]!.AsObject();
        var customId = data["custom_id"]!.GetValue<string>();
        Assert.InRange(customId.Length, 1, DiscordModals.MaxCustomId);
        var submitted = new JsonObject
        {
            ["custom_id"] = customId,
            ["components"] = new JsonArray(new JsonObject
            {
                ["type"] = 1,
                ["components"] = new JsonArray(new JsonObject { ["type"] = 4, ["custom_id"] = "text", ["value"] = "New text" }),
            }),
        };
        var parsed = DiscordModals.Parse(DiscordPayloads.Data(submitted));
        Assert.Null(parsed.Error);
        Assert.Equal("fact edit", parsed.Name);
        Assert.Equal(id, parsed.Options["id"]);
        Assert.Equal("999999", parsed.Options["revision"]);
        Assert.Equal("New text", parsed.Options["text"]);
    }

    [Fact]
    public void Render_TextInputs_FollowDiscordsShapeAndLimits()
    {
        var form = new ReplyForm(
            "fact edit",
            "A title far longer than the forty-five characters Discord shows",
            [
                new FormField("text", "The fact", "Current text", Multiline: true, Required: true, MaxLength: 1000),
                new FormField("source_url", "A label longer than forty-five characters, which Discord refuses", null, Placeholder: "https://"),
            ],
            new Dictionary<string, string> { ["id"] = "some-fact" });

        var data = DiscordPayloads.Json(new InteractionResponse(InteractionCallbackType.Modal, DiscordModals.Render(form).Modal))["data"]!;

        Assert.InRange(data["title"]!.GetValue<string>().Length, 1, 45);
        var inputs = data["components"]!.AsArray().Select(row => row!["components"]![0]!).ToList();
        Assert.Equal([2, 1], inputs.Select(i => i["style"]!.GetValue<int>()));
        Assert.Equal("Current text", inputs[0]["value"]!.GetValue<string>());
        Assert.Null(inputs[1]["value"]);
        Assert.Equal("https://", inputs[1]["placeholder"]!.GetValue<string>());
        Assert.All(inputs, i => Assert.InRange(i["label"]!.GetValue<string>().Length, 1, 45));
        Assert.Equal(1000, inputs[0]["max_length"]!.GetValue<int>());
    }

    [Fact]
    public void Render_CarriedValuesTooLong_SaysSoInsteadOfAnInvalidModal()
    {
        var form = new ReplyForm("fact add", "Add a fact", [new FormField("text", "The fact")], new Dictionary<string, string> { ["topic"] = new string('t', 100) });

        var (modal, problem) = DiscordModals.Render(form);

        Assert.Null(modal);
        Assert.Contains("too long", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownCustomId_IsAnErrorNotACommand()
    {
        var parsed = DiscordModals.Parse(DiscordPayloads.Data(new JsonObject { ["custom_id"] = "modal:fact edit", ["components"] = new JsonArray() }));

        Assert.NotNull(parsed.Error);
    }

    [Fact]
    public void Code_EveryCatalogueCommand_HasItsOwn()
    {
        Assert.Equal(CommandCatalog.All.Count, CommandCatalog.All.Select(c => DiscordModals.Code(c.Name)).Distinct().Count());
    }
}
