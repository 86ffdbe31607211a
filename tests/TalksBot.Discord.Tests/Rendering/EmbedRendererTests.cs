using System.Text.Json.Nodes;
using TalksBot.Core.Cards;
using TalksBot.Discord.Rendering;

namespace TalksBot.Discord.Tests.Rendering;

public sealed class EmbedRendererTests
{
    private static readonly string[] UnsafeCharacters = ["\u001b", "\u0007", "\0", "\u202E", "\u2066", "\u200B"];

    [Fact]
    public void Render_AnyReply_TurnsMentionsOff()
    {
        var message = Render(Reply.Of(new Card { Title = "@everyone", Description = "<@&123> and @here" }));

        Assert.Equal("[]", message["allowed_mentions"]!["parse"]!.ToJsonString());
    }

    [Fact]
    public void Render_StoredTextWithMarkdown_ShowsAsTypedButLinksStayLinks()
    {
        var card = new Card
        {
            Title = "Fact",
            Description = "**Russia** demands [this](https://evil.example) ~~all~~ `of` it_now\n# Heading\n> quote",
            Fields = [new CardField("Sources", "[1] AP: A title — https://apnews.com/article/some_path_with_underscores")],
        };

        var embed = Render(Reply.Of(card))["embeds"]![0]!;

        Assert.Equal(@"\*\*Russia\*\* demands \[this\](https://evil.example) \~\~all\~\~ \`of\` it\_now" + "\n" + @"\# Heading" + "\n" + @"\> quote", embed["description"]!.GetValue<string>());
        Assert.Equal(@"\[1\] AP: A title — https://apnews.com/article/some_path_with_underscores", embed["fields"]![0]!["value"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("https://kyivindependent.com/news/talks", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("/relative/path", false)]
    [InlineData("https://example.org/?q=", false)]
    public void Render_CardLink_IsTheTitleLinkOnlyWhenDiscordTakesIt(string url, bool kept)
    {
        // The last case is made longer than Discord's 2,048 characters for an embed URL.
        url = url.EndsWith("?q=", StringComparison.Ordinal) ? url + new string('x', 2100) : url;

        var embed = Render(Reply.Of(new Card { Title = "Candidate", Url = url }))["embeds"]![0]!;

        Assert.Equal(kept ? url : null, embed["url"]?.GetValue<string>());
    }

    [Fact]
    public void Render_HugeCard_StaysWithinEveryDiscordLimit()
    {
        var card = new Card
        {
            Title = new string('t', 400),
            Description = new string('d', 9000),
            Fields = Enumerable.Range(0, 40).Select(i => new CardField(new string('n', 300), new string('v', 3000))).ToList(),
            Footer = new string('f', 3000),
        };

        var message = Render(new Reply([card, card, card], []));

        var embeds = message["embeds"]!.AsArray();
        var total = 0;
        foreach (var embed in embeds)
        {
            var title = embed!["title"]!.GetValue<string>();
            Assert.True(title.Length <= EmbedRenderer.MaxTitle);
            var description = embed["description"]?.GetValue<string>() ?? "";
            Assert.True(description.Length <= EmbedRenderer.MaxDescription);
            var fields = embed["fields"]?.AsArray() ?? [];
            Assert.True(fields.Count <= EmbedRenderer.MaxFields);
            foreach (var field in fields)
            {
                Assert.InRange(field!["name"]!.GetValue<string>().Length, 1, EmbedRenderer.MaxFieldName);
                Assert.InRange(field["value"]!.GetValue<string>().Length, 1, EmbedRenderer.MaxFieldValue);
                total += field["name"]!.GetValue<string>().Length + field["value"]!.GetValue<string>().Length;
            }

            var footer = embed["footer"]?["text"]?.GetValue<string>() ?? "";
            Assert.True(footer.Length <= EmbedRenderer.MaxFooter);
            total += title.Length + description.Length + footer.Length;
        }

        Assert.True(total <= EmbedRenderer.MaxTotal, $"{total} characters across embeds");
        Assert.EndsWith("…", embeds[0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_LongSourcesField_ContinuesInAnotherFieldAtALineEnd()
    {
        var sources = string.Join("\n", Enumerable.Range(1, 20).Select(i => $"[{i}] {new string('s', 90)}"));

        var message = Render(Reply.Of(new Card { Title = "Sources", Fields = [new CardField("Sources", sources)] }));

        var fields = message["embeds"]![0]!["fields"]!.AsArray();
        Assert.Equal("Sources", fields[0]!["name"]!.GetValue<string>());
        Assert.Equal("Sources (continued)", fields[1]!["name"]!.GetValue<string>());
        Assert.StartsWith(@"\[", fields[1]!["value"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(EmbedRenderer.EscapeMarkdown(sources).Replace("\n", "", StringComparison.Ordinal), string.Concat(fields.Select(f => f!["value"]!.GetValue<string>().Replace("\n", "", StringComparison.Ordinal))));
    }

    [Fact]
    public void Render_MoreThanTenCards_ShowsTenAndSaysSo()
    {
        var cards = Enumerable.Range(0, 12).Select(i => new Card { Title = $"Card {i}", Description = "x" }).ToList();

        var message = Render(new Reply(cards, []));

        Assert.Equal(10, message["embeds"]!.AsArray().Count);
        Assert.Equal("Showing 10 of 12 answers; narrow the question to see the rest.", message["content"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("russia", 0xB22234)]
    [InlineData("ukraine", 0xFFD500)]
    [InlineData("united-states", 0x3C3B6E)]
    [InlineData("europe", 0x003399)]
    public void Render_PartyCard_HasThePartysColour(string party, int colour)
    {
        var message = Render(Reply.Of(new Card { Title = "x", PartyId = party }));

        Assert.Equal(colour, message["embeds"]![0]!["color"]!.GetValue<int>());
    }

    [Fact]
    public void Render_ErrorReply_IsEphemeralAndRed()
    {
        var message = Render(Reply.Error("Unknown topic", "nope"));

        Assert.Equal(64, message["flags"]!.GetValue<int>());
        Assert.Equal(0xD93025, message["embeds"]![0]!["color"]!.GetValue<int>());
    }

    [Fact]
    public void Render_Buttons_BecomeRowsOfAtMostFiveWithRunIds()
    {
        var buttons = Enumerable.Range(0, 7).Select(i => new ReplyButton($"B{i}", $"/sources fact-{i}")).Append(new ReplyButton("Too long", "/" + new string('x', 120))).ToArray();

        var message = Render(Reply.Of(new Card { Title = "x" }, buttons));

        var rows = message["components"]!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal(5, rows[0]!["components"]!.AsArray().Count);
        Assert.Equal(2, rows[1]!["components"]!.AsArray().Count);
        Assert.All(rows.SelectMany(r => r!["components"]!.AsArray()), b => Assert.True(b!["custom_id"]!.GetValue<string>().Length <= EmbedRenderer.MaxCustomId));
        Assert.Equal("run:/sources fact-0", rows[0]!["components"]![0]!["custom_id"]!.GetValue<string>());
    }

    [Fact]
    public void Render_EmptyValues_AreReplacedSoDiscordAcceptsThem()
    {
        var message = Render(Reply.Of(new Card { Title = " ", Fields = [new CardField("", "")] }));

        var embed = message["embeds"]![0]!;
        Assert.NotEqual("", embed["title"]!.GetValue<string>());
        Assert.NotEqual("", embed["fields"]![0]!["value"]!.GetValue<string>());
        Assert.NotEqual("", embed["fields"]![0]!["name"]!.GetValue<string>());
    }

    [Fact]
    public void Trim_DoesNotSplitASurrogatePair()
    {
        var text = new string('a', 9) + "😀" + "bbbb";

        var trimmed = EmbedRenderer.Trim(text, 11);

        Assert.Equal(new string('a', 9) + "…", trimmed);
        Assert.True(JsonValue.Create(trimmed).ToJsonString().Length > 0);
    }

    [Fact]
    public void Render_TextWithControlBidiAndInvisibleCharacters_NoneInTheJson()
    {
        var dirty = "a\u001b[31mb\u001b]0;t\u0007c\0d\u202Ee\u2066f\u200Bg";
        var card = new Card
        {
            Title = dirty,
            Description = dirty,
            Fields = [new CardField(dirty, dirty)],
            Footer = dirty,
        };
        var reply = Reply.Of(card, new ReplyButton(dirty, "/sources x")) with { Files = [new ReplyFile("export\u202Etxt.yaml", "application/yaml", new byte[] { 1 })] };

        var json = Render(reply);

        var text = Moderation.ModerationSessionTests.AllText(json);
        Assert.All(UnsafeCharacters, c => Assert.DoesNotContain(c, text, StringComparison.Ordinal));
        Assert.Contains("a[31mb]0;tcdefg", text.Replace("\\", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal("exporttxt.yaml", json["attachments"]![0]!["filename"]!.GetValue<string>());
    }

    private static JsonObject Render(Reply reply) => DiscordPayloads.Json(EmbedRenderer.Render(reply));
}
