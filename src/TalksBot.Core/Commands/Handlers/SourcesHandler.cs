using TalksBot.Core.Cards;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Commands.Handlers;

/// <summary>/sources fact-or-topic: the pages behind a fact or a topic, with reliability caveats.</summary>
internal sealed class SourcesHandler(QueryService queries) : ICommandHandler
{
    public const int MaxSources = 20;

    public string Name => "sources";

    public Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var subject = invocation.Option("subject")!;
        var answer = queries.Sources(subject);
        if (answer is null)
        {
            var topics = queries.FindTopic(subject);
            var nearFacts = Search.Spelling.Nearest(subject, queries.Knowledge.FactsById.Keys);
            var hint = nearFacts is not null ? $" Did you mean the fact {nearFacts}?" : topics.Suggestions.Count > 0 ? $" Did you mean {string.Join(" or ", topics.Suggestions)}?" : "";
            return Task.FromResult(Reply.Error(
                "Unknown fact or topic",
                $"“{UserText.Echo(subject)}” is neither a fact id nor a topic.{hint}\nFact ids are shown under answers; topics: {string.Join(", ", topics.Valid)}."));
        }

        var shown = answer.Sources.Take(MaxSources).ToList();
        var lines = shown.Select((s, i) => $"[{i + 1}] {FactCards.SourceLine(s.Source)}" + (answer.Fact is null && s.Citations > 1 ? $" · cited by {s.Citations} facts" : ""));
        var more = answer.Sources.Count > shown.Count ? $"{shown.Count} of {answer.Sources.Count} sources, most cited first" : $"{answer.Sources.Count} sources";
        var card = new Card
        {
            Title = answer.Fact is null ? $"Sources on {answer.Subject}" : $"Sources for {answer.Subject}",
            Description = answer.Fact is null ? string.Join("\n", lines) : $"{answer.Fact.Text}\n\n{string.Join("\n", lines)}",
            Footer = answer.Fact is { } fact ? FactCards.Footer(fact, more) : FactCards.Footer(answer.AsOf, more),
            PartyId = answer.Fact?.Party,
            AsOf = answer.AsOf,
            Tone = CardTone.Info,
        };
        return Task.FromResult(Reply.Of(card));
    }
}
