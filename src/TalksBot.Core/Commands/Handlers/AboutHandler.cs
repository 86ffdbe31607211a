using System.Globalization;
using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Commands.Handlers;

/// <summary>/about: what the bot is, how fresh its knowledge is (as a whole, per party and per topic), and how much it holds.</summary>
internal sealed class AboutHandler(QueryService queries, KnowledgeClock clock) : ICommandHandler
{
    public string Name => "about";

    public Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var about = queries.About();
        var knowledge = queries.Knowledge;
        string Newest(IEnumerable<NewestFact> list, string separator) =>
            KnowledgeFreshness.Fit([.. list.Select(n => $"{n.Name} {FactAge.ShortDate(n.Newest)}")], separator, KnowledgeFreshness.MaxFieldLength);
        string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
        var card = new Card
        {
            Title = "About TalksBot",
            Description =
                "TalksBot answers questions about the talks to end Russia's war in Ukraine with short, sourced, dated facts. " +
                "Moderators keep the facts current; superseded positions are kept and marked, never deleted.",
            Fields =
            [
                new CardField("Knowledge ends on", KnowledgeFreshness.Horizon(about.AsOf, clock.Today), Inline: true),
                new CardField("Current facts", Count(about.CurrentFacts), Inline: true),
                new CardField("Timeline events", Count(about.Events), Inline: true),
                new CardField("Parties", Count(about.Parties), Inline: true),
                new CardField("Topics", Count(about.Topics), Inline: true),
                new CardField("Sources", Count(about.Sources), Inline: true),
                new CardField("Superseded / retracted", $"{Count(about.DeprecatedFacts)} / {Count(about.RetractedFacts)}", Inline: true),
                .. about.AsOf is null
                    ? Array.Empty<CardField>()
                    : [
                        new CardField("Newest by party", Newest(KnowledgeFreshness.ByParty(knowledge), " · ")),
                        new CardField("Newest by topic", Newest(KnowledgeFreshness.ByTopic(knowledge), "\n")),
                    ],
            ],
            Footer = FactCards.Footer(about.AsOf, "/help for commands"),
            Tone = CardTone.Info,
            AsOf = about.AsOf,
        };
        return Task.FromResult(Reply.Of(card));
    }
}
