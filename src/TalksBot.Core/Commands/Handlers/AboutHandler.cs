using System.Globalization;
using TalksBot.Core.Cards;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Commands.Handlers;

/// <summary>/about: what the bot is, how fresh its knowledge is, and how much it holds.</summary>
internal sealed class AboutHandler(QueryService queries) : ICommandHandler
{
    public string Name => "about";

    public Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var about = queries.About();
        string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
        var card = new Card
        {
            Title = "About TalksBot",
            Description =
                "TalksBot answers questions about the talks to end Russia's war in Ukraine with short, sourced, dated facts. " +
                "Moderators keep the facts current; superseded positions are kept and marked, never deleted.",
            Fields =
            [
                new CardField("Knowledge as of", FactCards.Date(about.AsOf), Inline: true),
                new CardField("Current facts", Count(about.CurrentFacts), Inline: true),
                new CardField("Timeline events", Count(about.Events), Inline: true),
                new CardField("Parties", Count(about.Parties), Inline: true),
                new CardField("Topics", Count(about.Topics), Inline: true),
                new CardField("Sources", Count(about.Sources), Inline: true),
                new CardField("Superseded / retracted", $"{Count(about.DeprecatedFacts)} / {Count(about.RetractedFacts)}", Inline: true),
            ],
            Footer = FactCards.Footer(about.AsOf, "/help for commands"),
            Tone = CardTone.Info,
            AsOf = about.AsOf,
        };
        return Task.FromResult(Reply.Of(card));
    }
}
