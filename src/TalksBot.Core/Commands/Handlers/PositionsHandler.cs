using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Commands.Handlers;

/// <summary>/positions topic [party]: one card per party with its current positions, newest first.</summary>
internal sealed class PositionsHandler(QueryService queries, KnowledgeClock clock) : ICommandHandler
{
    public const int MaxPositionsPerParty = 4;

    public string Name => "positions";

    public Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var topicText = invocation.Option("topic")!;
        var partyText = invocation.Option("party");
        var topic = queries.FindTopic(topicText);
        var party = partyText is null ? null : queries.FindParty(partyText);

        // Free text may come in either order ("/positions russia nato"): swap when that is the only reading that works.
        if (!topic.Found && queries.FindParty(topicText).Found && (partyText is null || queries.FindTopic(partyText).Found))
        {
            if (partyText is null)
            {
                return Task.FromResult(Reply.Error("Which topic?", $"“{UserText.Echo(topicText)}” is a party. Please name a topic too, e.g. /positions topic:territory party:{queries.FindParty(topicText).Value!.Id}.\nTopics: {string.Join(", ", topic.Valid)}."));
            }

            (topic, party) = (queries.FindTopic(partyText), queries.FindParty(topicText));
        }

        if (!topic.Found)
        {
            return Task.FromResult(NameErrors.Unknown("topic", topic));
        }

        if (party is { Found: false })
        {
            return Task.FromResult(NameErrors.Unknown("party", party));
        }

        if (invocation.Page() is not { } page)
        {
            return Task.FromResult(Reply.Error("Bad page", $"“{UserText.Echo(invocation.Option("page"))}” is not a page number. Pages start at 1."));
        }

        return Task.FromResult(Render(queries.Positions(topic.Value!, party?.Value), party?.Value, page));
    }

    /// <summary>The newest positions, keeping the preferred one (the party's summary line) even when it is older.</summary>
    internal static IReadOnlyList<Fact> Shortlist(IReadOnlyList<Fact> newestFirst)
    {
        var shown = newestFirst.Take(MaxPositionsPerParty).ToList();
        if (newestFirst.FirstOrDefault(f => f.Rank == FactRank.Preferred) is { } preferred && !shown.Contains(preferred))
        {
            shown[^1] = preferred;
        }

        return shown;
    }

    private Reply Render(PositionsAnswer answer, Party? party, int page)
    {
        var knowledge = answer.Knowledge;
        if (answer.Parties.Count == 0)
        {
            return Reply.Of(new Card
            {
                Title = $"No positions on {answer.Topic.Title} yet",
                Description = $"The knowledge base has no current position on {answer.Topic.Title.ToLowerInvariant()} for that party. Try /positions topic:{answer.Topic.Id} for all parties, or /ask.",
                Tone = CardTone.Info,
                Footer = FactCards.Footer(clock, knowledge, knowledge.Horizon),
            });
        }

        var groups = answer.Parties.Where(g => page == 1 || g.Facts.Count > (page - 1) * MaxPositionsPerParty).ToList();
        if (groups.Count == 0)
        {
            return Reply.Error("No such page", $"There are no older positions on {answer.Topic.Title}; page {page} is empty.");
        }

        var cards = groups.Select(group =>
        {
            var shown = page == 1 ? Shortlist(group.Facts) : group.Facts.Skip((page - 1) * MaxPositionsPerParty).Take(MaxPositionsPerParty).ToList();
            var (sources, numbers) = FactCards.NumberedSources(knowledge, shown);
            var older = group.Facts.Count - (page * MaxPositionsPerParty);
            var description = string.Join("\n", shown.Select(f => FactCards.Bullet(f, numbers))) +
                (older > 0 ? $"\n({older} older position{(older == 1 ? "" : "s")}: “More”, or /positions … page:{page + 1})" : "");
            return new Card
            {
                Title = $"{group.Party.Name} on {answer.Topic.Title}",
                Description = description,
                Fields = [new CardField("Sources", sources)],
                Footer = FactCards.Footer(clock, knowledge, group.Facts[0], "facts: " + string.Join(", ", shown.Select(f => f.Id))),
                PartyId = group.Party.Id,
                AsOf = group.Facts[0].AsOf,
            };
        }).ToList();
        var buttons = new List<ReplyButton> { new("Sources", $"/sources {answer.Topic.Id}") };
        if (answer.Parties.Any(g => g.Facts.Count > page * MaxPositionsPerParty))
        {
            buttons.Add(new ReplyButton("More", $"/positions topic:{answer.Topic.Id}{(party is null ? "" : $" party:{party.Id}")} page:{page + 1}", ButtonKind.Primary));
        }

        return new Reply(cards, buttons);
    }
}
