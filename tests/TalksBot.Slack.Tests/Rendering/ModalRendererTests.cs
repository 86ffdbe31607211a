using System.Text.Json.Nodes;
using TalksBot.Core.Cards;
using TalksBot.Slack.Rendering;
using TalksBot.Slack.Tests.Support;

namespace TalksBot.Slack.Tests.Rendering;

public sealed class ModalRendererTests
{
    private static readonly ReplyForm EditForm = new(
        "fact edit",
        "Edit a fact with a very long title indeed",
        [
            new FormField("text", "The fact", "Current text", Multiline: true, Required: true, MaxLength: 1000),
            new FormField("source_url", "Source", null, Required: true, MaxLength: 500, Placeholder: "https://"),
            new FormField("reason", "Why", "", MaxLength: 300),
        ],
        new Dictionary<string, string> { ["id"] = "russia-nato", ["revision"] = "3" });

    [Fact]
    public void Render_EditForm_IsAModalWithOneInputPerFieldWithinSlackLimits()
    {
        var view = SlackTestJson.Node(ModalRenderer.Render(EditForm, "C0GENERAL")!);

        Assert.Equal("modal", view["type"]!.GetValue<string>());
        Assert.Equal("modal:fact edit", view["callback_id"]!.GetValue<string>());
        Assert.Equal(ModalRenderer.MaxTitle, view["title"]!["text"]!.GetValue<string>().Length);
        Assert.Equal("Save", view["submit"]!["text"]!.GetValue<string>());
        var blocks = view["blocks"]!.AsArray().Cast<JsonObject>().ToList();
        Assert.Equal(["text", "source_url", "reason"], blocks.Select(b => b["block_id"]!.GetValue<string>()));
        Assert.All(blocks, b => Assert.Equal("input", b["type"]!.GetValue<string>()));
        Assert.All(blocks, b => Assert.Equal(b["block_id"]!.GetValue<string>(), b["element"]!["action_id"]!.GetValue<string>()));
        Assert.Equal([false, false, true], blocks.Select(b => b["optional"]!.GetValue<bool>()));
        Assert.Equal("Current text", blocks[0]["element"]!["initial_value"]!.GetValue<string>());
        Assert.True(blocks[0]["element"]!["multiline"]!.GetValue<bool>());
        Assert.Equal(1000, blocks[0]["element"]!["max_length"]!.GetValue<int>());
        Assert.Null(blocks[1]["element"]!["initial_value"]);
        Assert.Null(blocks[2]["element"]!["initial_value"]);
        Assert.Equal("https://", blocks[1]["element"]!["placeholder"]!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Read_Submission_CarriedValuesAndChannelComeBackAndWinOverInputs()
    {
        var view = SlackTestJson.Node(ModalRenderer.Render(EditForm, "C0GENERAL")!);
        view["state"] = new JsonObject
        {
            ["values"] = new JsonObject
            {
                ["text"] = new JsonObject { ["text"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "New text" } },
                ["reason"] = new JsonObject { ["reason"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = null } },
                ["revision"] = new JsonObject { ["revision"] = new JsonObject { ["type"] = "plain_text_input", ["value"] = "99" } },
            },
        };

        var submission = ModalRenderer.Read(SlackTestJson.View(view))!;

        Assert.Equal("fact edit", submission.Command);
        Assert.Equal("C0GENERAL", submission.ChannelId);
        Assert.Equal("text", submission.FirstInput);
        Assert.Equal("New text", submission.Options["text"]);
        Assert.Equal("", submission.Options["reason"]);
        Assert.Equal("3", submission.Options["revision"]);
        Assert.Equal("russia-nato", submission.Options["id"]);
    }

    [Fact]
    public void Render_CarriedValuesBeyondPrivateMetadata_IsNull()
    {
        var form = EditForm with { Carried = new Dictionary<string, string> { ["id"] = new string('x', ModalRenderer.MaxPrivateMetadata) } };

        Assert.Null(ModalRenderer.Render(form, "C0GENERAL"));
    }

    [Fact]
    public void Read_SomeoneElsesView_IsNull() =>
        Assert.Null(ModalRenderer.Read(SlackTestJson.View(new JsonObject { ["callback_id"] = "other-app-form", ["private_metadata"] = "{}" })));
}
