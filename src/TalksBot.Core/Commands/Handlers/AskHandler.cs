using Microsoft.Extensions.Logging;
using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Commands.Handlers;

/// <summary>/ask question: the best-matching fact with its sources, or an honest "I don't know" with the nearest topics.</summary>
internal sealed class AskHandler(QueryService queries, IFeedbackStore unanswered, ILogger<AskHandler> logger) : ICommandHandler
{
    public string Name => "ask";

    public async Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var question = invocation.Option("question")!;
        var answer = await queries.AskAsync(question, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!answer.Answered)
        {
            await RecordUnansweredAsync(question, invocation.Platform, cancellationToken).ConfigureAwait(false);
            Health.TalksBotMetrics.QuestionUnanswered(invocation.Platform);
        }

        return answer.Answered ? Answer(answer) : DoNotKnow(answer);
    }

    /// <summary>Counts the question for moderators; a store that cannot take it (a full disk) costs a log line, never the answer.</summary>
    private async Task RecordUnansweredAsync(string question, string platform, CancellationToken cancellationToken)
    {
        try
        {
            await unanswered.RecordUnansweredAsync(question, platform, cancellationToken).ConfigureAwait(false);
        }
        catch (KnowledgeStorageException exception)
        {
            Log.MemberSignalNotRecorded(logger, "an unanswered question", platform, exception.Message);
        }
    }

    private static Reply Answer(AskAnswer answer)
    {
        var knowledge = answer.Knowledge;
        var best = answer.Results[0].Fact;
        var (sources, _) = FactCards.NumberedSources(knowledge, [best]);
        var fields = new List<CardField> { new("Sources", sources) };
        var related = answer.Results.Skip(1).Take(2).Where(r => r.Score >= answer.Results[0].Score * 0.8).ToList();
        if (related.Count > 0)
        {
            fields.Add(new CardField(
                "Also relevant",
                string.Join("\n", related.Select(r => $"• {r.Fact.Text} ({FactCards.Date(r.Fact.AsOf)}; {FactCards.ShortAttribution(knowledge, r.Fact)}) — {r.Fact.Id}"))));
        }

        var card = new Card
        {
            Title = $"{FactCards.PartyName(knowledge, best.Party)} · {FactCards.TopicTitle(knowledge, best.Topic)}",
            Description = best.Text,
            Fields = fields,
            Footer = FactCards.Footer(best.AsOf, $"fact {best.Id}"),
            PartyId = best.Party,
            AsOf = best.AsOf,
        };
        return Reply.Of(
            card,
            new ReplyButton("Sources", $"/sources {best.Id}"),
            new ReplyButton("Positions", $"/positions {best.Topic}"),
            new ReplyButton("Helpful", ButtonActions.Helpful(best.Id), ButtonKind.Success),
            new ReplyButton("Not helpful", ButtonActions.NotHelpful(best.Id), ButtonKind.Danger));
    }

    private static Reply DoNotKnow(AskAnswer answer)
    {
        var topics = answer.NearestTopics;
        var card = new Card
        {
            Title = "I don't know that yet",
            Description =
                $"Nothing in my knowledge answers “{UserText.Echo(answer.Question)}” well enough, and I'd rather say so than guess. " +
                "I cover the talks to end Russia's war in Ukraine: each side's positions, the timeline, and the sources behind them.",
            Fields =
            [
                new CardField("Nearest topics", string.Join("\n", topics.Select(t => $"{t.Title} — {t.Description} (/positions topic:{t.Id})"))),
                new CardField("Try", "/topics for everything I cover, /timeline for what happened when"),
            ],
            Tone = CardTone.Warning,
            Footer = FactCards.Footer(answer.Knowledge.AsOf),
        };
        return Reply.Of(card);
    }
}
