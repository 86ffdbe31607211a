using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Commands.Handlers;

/// <summary>
/// "Check with TalksBot" on a message: privately, the facts most relevant to the claims in it (the newer position first
/// when it quotes a superseded one), each with its party, date and sources, and a button to share them in the thread.
/// </summary>
internal sealed class CheckHandler(MessageChecker checker, KnowledgeClock clock) : ICommandHandler
{
    public string Name => "check";

    public async Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var text = invocation.Option("text")!;
        var check = await checker.CheckAsync(text, clock.Today, cancellationToken).ConfigureAwait(false);
        if (check.Facts.Count == 0)
        {
            return new Reply([CheckCards.NothingSpeaksToIt(check, clock)], [], Ephemeral: true);
        }

        var buttons = invocation.Option("message") is { } message
            ? [new ReplyButton("Share in channel", ButtonActions.Share(message, check.Facts.Select(f => FactKeys.Of(f.Id)).ToList(), check.Quoted is { } quoted ? FactKeys.Of(quoted.Id) : null), ButtonKind.Primary)]
            : Array.Empty<ReplyButton>();
        return new Reply([CheckCards.WhatTheKnowledgeSays(check.Facts, check.Quoted, check.Knowledge, clock, sharedBy: null)], buttons, Ephemeral: true);
    }
}

/// <summary>"Share in channel" under a check: the same card, public, as a thread reply under the checked message, once.</summary>
internal sealed class ShareHandler(QueryService queries, Delivery.IDeliveryLog deliveries, KnowledgeClock clock) : ICommandHandler
{
    /// <summary>How long a shared check is remembered, so a second press does not post it again.</summary>
    private static readonly TimeSpan SharedFor = TimeSpan.FromDays(1);

    public string Name => "share";

    public async Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var knowledge = queries.Knowledge;
        var message = invocation.Option("message")!;
        var keys = invocation.Option("facts")!;
        var facts = keys.Split(',').Take(Queries.MessageChecker.MaxFacts).Select(k => FactKeys.Find(knowledge, k)).OfType<Fact>().Where(f => f.IsCurrent).ToList();
        if (facts.Count == 0)
        {
            return Reply.Error("Nothing to share", "The facts this check showed have changed since. Check the message again for the current ones.");
        }

        var shareKey = $"share:{invocation.Platform}:{invocation.ChannelId}:{message}:{keys}";
        if (!await deliveries.TryClaimAsync(shareKey, SharedFor, cancellationToken).ConfigureAwait(false))
        {
            return new Reply([new Card { Title = "Already shared", Description = "This check is already in the thread under that message.", Tone = CardTone.Info }], [], Ephemeral: true);
        }

        var quoted = invocation.Option("quoted") is { } quotedKey ? FactKeys.Find(knowledge, quotedKey) : null;
        var card = CheckCards.WhatTheKnowledgeSays(facts, quoted, knowledge, clock, sharedBy: invocation.Caller.DisplayName);
        return new Reply([card], []) { PostUnderMessage = message, NotPosted = token => deliveries.ReleaseAsync(shareKey, token) };
    }
}

/// <summary>The cards of a check, private or shared.</summary>
internal static class CheckCards
{
    public static Card WhatTheKnowledgeSays(IReadOnlyList<Fact> facts, Fact? quoted, KnowledgeSnapshot knowledge, KnowledgeClock clock, string? sharedBy)
    {
        var (sources, numbers) = FactCards.NumberedSources(knowledge, facts);
        var fields = facts.Select(f => new CardField(
            $"{FactCards.PartyName(knowledge, f.Party)} · {FactCards.TopicTitle(knowledge, f.Topic)} · {FactAge.ShortDate(f)} ({FactAge.Ago(f.AsOf, clock.Today)})",
            f.Text + string.Concat(f.Sources.Where(s => numbers.ContainsKey(s.SourceId)).Select(s => $" [{numbers[s.SourceId]}]")) + $" — {f.Id}"))
            .Append(new CardField("Sources", sources))
            .ToList();
        var lead = quoted is not null
            ? $"This message repeats an older position, “{quoted.Text}” ({FactAge.ShortDate(quoted)}), which my knowledge marks as superseded. The newer one comes first."
            : facts.Count == 1 ? "The fact most relevant to the claims in this message:" : "The facts most relevant to the claims in this message:";
        return new Card
        {
            Title = "What my knowledge says about this message",
            Description = sharedBy is null ? lead : $"Shared by {UserText.Echo(sharedBy, 40)}. {lead}",
            Fields = fields,
            Footer = FactCards.Footer(clock, knowledge, facts[0], "Check with TalksBot"),
            PartyId = facts[0].Party,
            AsOf = facts[0].AsOf,
        };
    }

    public static Card NothingSpeaksToIt(MessageCheck check, KnowledgeClock clock) => new()
    {
        Title = "Nothing in my knowledge speaks to this message",
        Description = "None of its claims matches a fact I hold well enough, and I'd rather say so than guess. " +
            "I cover the talks to end Russia's war in Ukraine: each side's positions, the timeline, and the sources behind them.",
        Fields = check.NearestTopics.Count > 0
            ? [new CardField("Nearest topics", string.Join("\n", check.NearestTopics.Select(t => $"{t.Title} — {t.Description} (/positions topic:{t.Id})")))]
            : [new CardField("Try", "/topics for everything I cover, /timeline for what happened when")],
        Tone = CardTone.Warning,
        Footer = FactCards.Footer(clock, check.Knowledge, check.Knowledge.Horizon, "Check with TalksBot"),
    };
}
