using System.Text.Json.Nodes;
using TalksBot.Core.Cards;
using TalksBot.Slack.Rendering;
using TalksBot.Slack.Tests.Support;

namespace TalksBot.Slack.Tests.Rendering;

public sealed class BlockKitRendererTests
{
    [Fact]
    public void Render_TenThousandCharacterAnswer_StaysWithinEveryBlockKitLimit()
    {
        var huge = new Card
        {
            Title = new string('t', 400),
            Description = string.Join("\n", Enumerable.Range(0, 200).Select(i => $"line {i} " + new string('d', 45))),
            Fields = [new CardField("Sources", new string('s', 9000)), new CardField("More", new string('m', 500))],
            Footer = new string('f', 4000),
        };

        var message = Render(new Reply([huge, huge, huge], [new ReplyButton("Sources", "/sources territory")]));

        var blocks = message["blocks"]!.AsArray();
        Assert.InRange(blocks.Count, 1, BlockKitRenderer.MaxBlocks);
        foreach (var block in blocks.OfType<JsonObject>())
        {
            switch (block["type"]!.GetValue<string>())
            {
                case "header":
                    Assert.InRange(block["text"]!["text"]!.GetValue<string>().Length, 1, BlockKitRenderer.MaxHeader);
                    break;
                case "section":
                    Assert.InRange(block["text"]!["text"]!.GetValue<string>().Length, 1, BlockKitRenderer.MaxSectionText);
                    Assert.True(block["text"]!["verbatim"]!.GetValue<bool>());
                    break;
                case "context":
                    Assert.InRange(block["elements"]!.AsArray().Count, 1, BlockKitRenderer.MaxContextElements);
                    break;
            }
        }

        Assert.Equal("actions", blocks[^1]!["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrWhiteSpace(message["text"]!.GetValue<string>()));
        Assert.Null(message["link_names"]);
    }

    [Fact]
    public void Render_UserTextWithMentions_IsEscaped()
    {
        var message = Render(Reply.Of(new Card { Title = "<!channel>", Description = "Hi <!channel> <@U123> & <!here|here>" }));

        var json = message.ToJsonString();
        Assert.DoesNotContain("<!channel>", json, StringComparison.Ordinal);
        Assert.DoesNotContain("<@U123>", json, StringComparison.Ordinal);
        Assert.Contains("&lt;!channel&gt;", message["blocks"]![1]!["text"]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("&amp;", message["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Ephemeral_IsEphemeralAndSharedIsInChannel()
    {
        Assert.Equal("ephemeral", Render(Reply.Error("x", "y"))["response_type"]!.GetValue<string>());
        Assert.Equal("in_channel", Render(Reply.Of(new Card { Title = "x" }))["response_type"]!.GetValue<string>());
    }

    [Fact]
    public void Render_Buttons_CarryTheirActionsAsValues()
    {
        var message = Render(Reply.Of(new Card { Title = "x" }, new ReplyButton("Sources", "/sources nato"), new ReplyButton("Helpful", ButtonActions.Helpful("f1"), ButtonKind.Success)));

        var blocks = message["blocks"]!.AsArray();
        var elements = blocks[blocks.Count - 1]!["elements"]!.AsArray();
        Assert.Equal("/sources nato", elements[0]!["value"]!.GetValue<string>());
        Assert.Equal("feedback:helpful:f1", elements[1]!["value"]!.GetValue<string>());
        Assert.NotEqual(elements[0]!["action_id"]!.GetValue<string>(), elements[1]!["action_id"]!.GetValue<string>());
        Assert.All(elements, e => Assert.InRange(e!["text"]!["text"]!.GetValue<string>().Length, 1, BlockKitRenderer.MaxButtonText));
    }

    [Fact]
    public void Render_LongEscapedText_NeverSplitsAnEscapeInHalf()
    {
        var text = string.Concat(Enumerable.Repeat("<&>", 2000));

        var message = Render(Reply.Of(new Card { Title = "x", Description = text }));

        foreach (var block in message["blocks"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "section"))
        {
            var part = block!["text"]!["text"]!.GetValue<string>().TrimEnd('…');
            Assert.Matches("^(&lt;|&amp;|&gt;)*$", part);
        }
    }

    private static JsonObject Render(Reply reply) => SlackTestJson.Node(BlockKitRenderer.Render(reply));
}
