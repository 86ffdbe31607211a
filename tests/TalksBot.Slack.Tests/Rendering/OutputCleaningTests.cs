using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Cards;
using TalksBot.Core.Moderation;
using TalksBot.Slack.Rendering;
using TalksBot.Slack.Tests.Fakes;

namespace TalksBot.Slack.Tests.Rendering;

/// <summary>Control, bidirectional and invisible characters in stored text never reach a Slack message, modal or file name.</summary>
public sealed class OutputCleaningTests
{
    /// <summary>An ANSI colour, a terminal retitle (OSC … BEL), NUL, a right-to-left override, a left-to-right isolate, a zero-width space.</summary>
    public const string Nasty = "\u001b[31mred\u001b]0;t\u0007 nul\u0000 \u202Eevil\u2066iso\u200Bzw";

    public static readonly string[] Forbidden = ["\u001b", "\u0007", "\u0000", "\u202E", "\u2066", "\u200B"];

    private static readonly Reply Card = new(
        [new Card
        {
            Title = "Title " + Nasty,
            Description = "Fact " + Nasty + " <!channel> & co",
            Fields = [new CardField("Field " + Nasty, "Value " + Nasty)],
            Footer = "Footer " + Nasty,
        }],
        [new ReplyButton("Button " + Nasty, "/sources territory")]);

    [Fact]
    public async Task Publish_CardWithControlAndBidiCharacters_NoneReachSlack()
    {
        await using var slack = await FakeSlack.StartAsync(new FakeSlackOptions { BotToken = SlackTestBot.BotToken });
        await using var bot = await SlackTestBot.StartHttpAsync(slack);
        var publisher = bot.Services.GetServices<IChannelPublisher>().Single(p => p.Platform == "slack");

        await publisher.PublishAsync("C0UPDATES", Card, CancellationToken.None);

        var sent = Assert.Single(slack.RequestsFor("chat.postMessage"));
        AssertClean(sent.Body!);
        var text = string.Join("\n", Strings(sent.Body!));
        Assert.Contains("Fact [31mred]0;t nul evilisozw &lt;!channel&gt; &amp; co", text, StringComparison.Ordinal);
    }

    [Fact]
    public void BlockKit_EveryTextIsCleaned_AndStillEscaped()
    {
        var message = RenderMessage(Card);

        AssertClean(message);
        var text = string.Join("\n", Strings(message));
        Assert.Contains("Title [31mred]0;t nul evilisozw", text, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt; &amp; co", text, StringComparison.Ordinal);
        Assert.Contains("/sources territory", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Modal_TitleLabelsValuesAndPlaceholders_AreCleaned_PrivateMetadataStaysData()
    {
        var form = new ReplyForm(
            "fact edit",
            "Edit " + Nasty,
            [new FormField("text", "Label " + Nasty, "Value " + Nasty, Multiline: true, Placeholder: "Hint " + Nasty)],
            new Dictionary<string, string> { ["id"] = "russia-nato", ["revision"] = "3" });

        var view = RenderModal(form);

        AssertClean(view);
        Assert.Contains("Value [31mred]0;t nul evilisozw", string.Join("\n", Strings(view)), StringComparison.Ordinal);
        Assert.Contains("russia-nato", view["private_metadata"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("knowledge-\u202Eexport.yaml\u0000", "knowledge-export.yaml")]
    [InlineData("../../etc/passwd", ".._.._etc_passwd")]
    [InlineData("\u200B\u2066", "file")]
    public void FileName_IsCleanedForSlack(string name, string shown) =>
        Assert.Equal(shown, BlockKitRenderer.FileName(name));

    internal static void AssertClean(JsonNode json)
    {
        foreach (var text in Strings(json))
        {
            foreach (var bad in Forbidden)
            {
                Assert.False(text.Contains(bad, StringComparison.Ordinal), $"U+{(int)bad[0]:X4} in “{text}”");
            }
        }
    }

    /// <summary>Every string value in <paramref name="node"/>, JSON escapes decoded.</summary>
    internal static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue(out string? text) => [text],
        _ => [],
    };

    private static JsonObject RenderMessage(Reply reply) => Support.SlackTestJson.Node(BlockKitRenderer.Render(reply));

    private static JsonObject RenderModal(ReplyForm form) => Support.SlackTestJson.Node(ModalRenderer.Render(form, "C0GENERAL")!);
}
