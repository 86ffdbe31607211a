using TalksBot.Core.Cards;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Commands.Handlers;

/// <summary>/topics: every topic with its description and how much the knowledge holds on it.</summary>
internal sealed class TopicsHandler(QueryService queries) : ICommandHandler
{
    public string Name => "topics";

    public Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var topics = queries.Topics();
        var card = new Card
        {
            Title = "Topics",
            Description = "Use a topic with /positions topic:<id>, /sources <id>, or just /ask.",
            Fields = topics.Select(t => new CardField(
                $"{t.Topic.Title} ({t.Topic.Id})",
                $"{t.Topic.Description} {t.CurrentFacts} facts, latest {FactCards.Date(t.Latest)}.")).ToList(),
            Footer = FactCards.Footer(queries.Knowledge.AsOf),
            Tone = CardTone.Info,
        };
        return Task.FromResult(Reply.Of(card));
    }
}
