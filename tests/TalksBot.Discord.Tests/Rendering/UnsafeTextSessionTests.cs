using TalksBot.Core.Knowledge;
using TalksBot.Discord.Tests.Fakes;
using TalksBot.Discord.Tests.Moderation;

namespace TalksBot.Discord.Tests.Rendering;

/// <summary>Stored text with terminal escapes, NUL, bidi overrides and invisible characters never reaches a Discord message.</summary>
public sealed class UnsafeTextSessionTests
{
    private static readonly string[] Unsafe = ["\u001b", "\u0007", "\0", "\u202E", "\u2066", "\u200B"];

    [Fact]
    public async Task FactShow_FactTextWithControlAndBidiCharacters_NoneInTheJsonSentToDiscord()
    {
        await using var session = await ModerationSessionTests.StartAsync();
        var store = session.Bot.Store;
        var fact = store.Snapshot.FactsById[ModerationSessionTests.FactId];
        // Written past the router (which refuses such input from moderators), as an import or an older version could have.
        store.Save(fact with { Text = "Putin \u001b[31mreaffirmed\u001b]0;pwned\u0007 that\0 Ukraine \u202Emust\u2066 stay\u200Bout of NATO." }, RevisionAction.Edit, "test");

        var (_, callback) = await session.AskAsync(FakeInteractions.Subcommand(FakeInteractionContext.Moderator, "fact", "show", ("id", ModerationSessionTests.FactId)));

        var sent = ModerationSessionTests.AllText(callback.Body);
        Assert.Contains(@"Putin \[31mreaffirmed\]0;pwned that Ukraine must stayout of NATO.", sent, StringComparison.Ordinal);
        Assert.All(Unsafe, c => Assert.DoesNotContain(c, sent, StringComparison.Ordinal));
    }
}
