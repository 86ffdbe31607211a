using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;
using TalksBot.Core.Search;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>
/// /kb stale — what to update first: every topic and party by the age of its newest current fact, with how many
/// questions about the topic went unanswered in the last <see cref="QuestionDays"/> days.
/// </summary>
internal sealed class KbStaleHandler(IFactStore facts, FactIndex index, IFeedbackStore feedback, KnowledgeClock clock, TimeProvider time) : ModeratorHandler
{
    public const int QuestionDays = 30;
    public const int MaxRows = 15;

    public override string Name => "kb stale";

    protected override async Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var knowledge = facts.Snapshot;
        var today = clock.Today;
        var questions = await feedback.UnansweredSinceAsync(time.GetUtcNow().AddDays(-QuestionDays), cancellationToken).ConfigureAwait(false);
        var (byTopic, withoutTopic) = CountByTopic(questions);

        var pairs = KnowledgeFreshness.ByTopicAndParty(knowledge);
        var rows = pairs
            .Select(p => new Row(p.Name, p.Newest, byTopic.GetValueOrDefault(p.TopicId!)))
            // A topic members ask about but that holds no current fact at all needs a fact most.
            .Concat(byTopic
                .Where(t => !pairs.Any(p => string.Equals(p.TopicId, t.Key, StringComparison.OrdinalIgnoreCase)))
                .Select(t => new Row(FactCards.TopicTitle(knowledge, t.Key), null, t.Value)))
            .OrderByDescending(r => r.Unanswered)
            .ThenBy(r => r.Newest ?? DateOnly.MinValue)
            .ThenBy(r => r.Name, StringComparer.OrdinalIgnoreCase)
            .Select(r => $"• {r.Name} — {(r.Newest is { } newest ? FactAge.DateAndAge(newest, today) : "no current fact")}{(r.Unanswered > 0 ? $" · {r.Unanswered} unanswered" : "")}")
            .ToList();
        var stale = pairs.Count(p => clock.IsStale(p.Newest));

        var fields = new List<CardField>
        {
            new(
                $"Topic · party — newest fact · unanswered in {QuestionDays} days",
                rows.Count == 0 ? "No current facts yet." : KnowledgeFreshness.Fit(rows, "\n", KnowledgeFreshness.MaxFieldLength, MaxRows)),
        };
        if (withoutTopic > 0)
        {
            fields.Add(new CardField("Questions that name no topic", $"{withoutTopic} unanswered in {QuestionDays} days; /kb unanswered lists them."));
        }

        return new Reply(
            [new Card
            {
                Title = "What to update first",
                Description =
                    $"{KnowledgeFreshness.HorizonSentence(knowledge.Horizon, today)}.\n" +
                    $"{stale} of {pairs.Count} topic and party pairs have no fact newer than {clock.StaleAfterDays} days (Knowledge:StaleAfterDays); answers mark such facts as possibly out of date.\n" +
                    $"Sorted by unanswered questions about the topic in the last {QuestionDays} days, most first, then by the oldest newest fact.",
                Fields = fields,
                Footer = "/fact add adds a newer fact · /kb unanswered shows the questions",
                Tone = CardTone.Info,
            }],
            [new ReplyButton("Unanswered questions", "/kb unanswered")],
            Ephemeral: true);
    }

    /// <summary>
    /// Times asked per topic: the topics a question names, else the topic of its best lexical match; a question that
    /// names several topics counts for each.
    /// </summary>
    private (Dictionary<string, int> ByTopic, int WithoutTopic) CountByTopic(IReadOnlyList<RecentUnansweredQuestion> questions)
    {
        var byTopic = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var withoutTopic = 0;
        foreach (var question in questions)
        {
            var mentions = index.Names.FindMentions(question.Text);
            var topics = mentions.Where(m => m.Kind == NameKind.Topic).Select(m => m.Id).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (topics.Count == 0 && index.Search(question.Text, mentions, limit: 1).Hits is [var best, ..])
            {
                topics.Add(best.Fact.Topic);
            }

            if (topics.Count == 0)
            {
                withoutTopic += question.TimesAsked;
            }

            foreach (var topic in topics)
            {
                byTopic[topic] = byTopic.GetValueOrDefault(topic) + question.TimesAsked;
            }
        }

        return (byTopic, withoutTopic);
    }

    private sealed record Row(string Name, DateOnly? Newest, int Unanswered);
}
