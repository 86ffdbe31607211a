using Microsoft.Extensions.Logging;
using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;
using TalksBot.Core.Queries.Time;
using TalksBot.Core.Search.Languages;

namespace TalksBot.Core.Commands.Handlers;

/// <summary>/ask question: the best-matching fact with its sources, or an honest "I don't know" with the nearest topics.</summary>
internal sealed class AskHandler(QueryService queries, IFeedbackStore unanswered, KnowledgeClock clock, ILogger<AskHandler> logger) : ICommandHandler
{
    /// <summary>How many of the nearest facts a refusal shows, labelled as not the answer.</summary>
    private const int NotAnAnswerShown = 3;

    public string Name => "ask";

    public async Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var question = invocation.Option("question")!;
        var answer = await queries.AskAsync(question, today: clock.Today, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!answer.Answered)
        {
            await RecordUnansweredAsync(question, invocation.Platform, cancellationToken).ConfigureAwait(false);
            Health.TalksBotMetrics.QuestionUnanswered(invocation.Platform);
        }

        return ReplyLanguage.InQuestionLanguage(answer.Answered ? Answer(answer) : NotAnswered(answer), answer);
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

    private Reply Answer(AskAnswer answer) => answer.Shape switch
    {
        AskShape.Latest => NewestFacts(answer, "The latest I have", null),
        AskShape.Period => Period(answer),
        _ => BestMatch(answer),
    };

    private Reply BestMatch(AskAnswer answer)
    {
        var knowledge = answer.Knowledge;
        var best = answer.Results[0].Fact;
        var (sources, _) = FactCards.NumberedSources(knowledge, [best]);
        var fields = new List<CardField>();
        if (answer.Time.Window is { } window && !answer.BestIsInWindow)
        {
            fields.Add(new CardField("Note", $"Nothing in my knowledge is dated {window.Label}; this is the nearest I have ({FactAge.LongDate(best)})."));
        }
        else if (answer.Time.Window is { } open && knowledge.Horizon is { } horizon && open.To > horizon)
        {
            fields.Add(new CardField("Note", $"{FactCards.KnowledgeEnds(knowledge)}, so this may not be all of {open.Label}."));
        }

        fields.Add(new CardField("Sources", sources));
        var related = answer.Results.Skip(1).Take(2).Where(r => r.Score >= answer.Results[0].Score * 0.8).ToList();
        if (related.Count > 0)
        {
            fields.Add(new CardField(
                "Also relevant",
                string.Join("\n", related.Select(r => $"• {r.Fact.Text} ({FactCards.Date(r.Fact)}; {FactCards.ShortAttribution(knowledge, r.Fact)}) — {r.Fact.Id}"))));
        }

        // "Now" questions get the age in the answer itself: the newest fact may be months old.
        var description = answer.Time.Reference == TimeReference.Present
            ? $"As of {FactAge.LongDate(best)}, {FactAge.Ago(best.AsOf, clock.Today)} — the latest I have: {best.Text}"
            : best.Text;
        var card = new Card
        {
            Title = $"{FactCards.PartyName(knowledge, best.Party)} · {FactCards.TopicTitle(knowledge, best.Topic)}",
            Description = description,
            Fields = fields,
            Footer = FactCards.Footer(clock, knowledge, best, $"fact {best.Id}"),
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

    /// <summary>The newest relevant facts, newest first, each with its date and age; as the answer, or labelled as the latest known.</summary>
    private Reply NewestFacts(AskAnswer answer, string title, string? preface, CardTone tone = CardTone.Answer)
    {
        var knowledge = answer.Knowledge;
        // As the answer, the newest five; as what is known before a question's time, the newest three (labelled).
        var facts = answer.Results.Take(preface is null ? 5 : NotAnAnswerShown).Select(r => r.Fact).ToList();
        var (sources, numbers) = FactCards.NumberedSources(knowledge, facts);
        var lines = string.Join("\n", facts.Select(f => DatedBullet(f, numbers)));
        List<CardField> fields = preface is not null ? NotTheAnswer(answer, "The latest I have (not an answer to the question)")
            : facts.Count > 0 ? [new CardField("Sources", sources)]
            : [];
        var card = new Card
        {
            Title = title,
            Description = preface ?? (facts.Count > 0 ? lines : "Nothing yet."),
            Fields = fields,
            Tone = tone,
            Footer = facts.Count > 0
                ? FactCards.Footer(clock, knowledge, facts[0], "newest first · /timeline for more")
                : FactCards.Footer(clock, knowledge, knowledge.Horizon, "newest first · /timeline for more"),
            AsOf = facts.Count > 0 ? facts[0].AsOf : knowledge.Horizon,
        };
        return Reply.Of(card, new ReplyButton("Timeline", "/timeline"));
    }

    /// <summary>"What happened in January 2026?": that period's events in date order.</summary>
    private Reply Period(AskAnswer answer)
    {
        var knowledge = answer.Knowledge;
        var window = answer.Time.Window!;
        var shown = answer.Results.Select(r => r.Fact).TakeLast(TimelineHandler.MaxEvents).ToList();
        var (sources, numbers) = FactCards.NumberedSources(knowledge, shown);
        var fields = new List<CardField>();
        if (knowledge.Horizon is { } horizon && window.To > horizon)
        {
            fields.Add(new CardField("Note", $"{FactCards.KnowledgeEnds(knowledge)}: nothing after that is here."));
        }

        fields.Add(new CardField("Sources", sources));
        var more = answer.Results.Count - shown.Count;
        var card = new Card
        {
            Title = $"Timeline · {window.Label}",
            Description = string.Join("\n", shown.Select(f => DatedBullet(f, numbers))) +
                (more > 0 ? $"\n({more} earlier: /timeline from:{FactCards.Date(window.From)} to:{FactCards.Date(shown[0].AsOf)})" : ""),
            Fields = fields,
            Footer = FactCards.Footer(clock, knowledge, shown[^1], $"{answer.Results.Count} events"),
            AsOf = shown[^1].AsOf,
        };
        return Reply.Of(card, new ReplyButton("Timeline", "/timeline"));
    }

    /// <summary>
    /// The nearest facts under a label that says they are not the answer, with their sources; nothing when there are none.
    /// </summary>
    private List<CardField> NotTheAnswer(AskAnswer answer, string label)
    {
        var facts = answer.Results.Take(NotAnAnswerShown).Select(r => r.Fact).ToList();
        if (facts.Count == 0)
        {
            return [];
        }

        var (sources, numbers) = FactCards.NumberedSources(answer.Knowledge, facts);
        return [new CardField(label, string.Join("\n", facts.Select(f => DatedBullet(f, numbers)))), new CardField("Sources", sources)];
    }

    /// <summary>"• 10 Mar 2026 (9 months ago) — text [1]".</summary>
    private string DatedBullet(Fact fact, Dictionary<string, int> sourceNumbers) =>
        $"• {FactAge.ShortDate(fact)} ({FactAge.Ago(fact.AsOf, clock.Today)}) — {fact.Text}" +
        string.Concat(fact.Sources.Where(s => sourceNumbers.ContainsKey(s.SourceId)).Select(s => $" [{sourceNumbers[s.SourceId]}]"));

    private Reply NotAnswered(AskAnswer answer) => answer.Reason switch
    {
        AskReason.AfterHorizon => NewestFacts(
            answer,
            "That is after my knowledge ends",
            $"{FactCards.KnowledgeEnds(answer.Knowledge)}, so I can't tell you about {answer.Time.Window!.Label}." +
                (answer.Results.Count > 0 ? " Below is the latest I have on it, so you can see how old it is." : ""),
            CardTone.Warning),
        AskReason.PastHorizon => NearestOnly(answer),
        AskReason.NoDetail => NoDetail(answer),
        AskReason.UnknownName => DoNotKnow(
            answer,
            $"I have nothing on {UnknownNamesOf(answer)}",
            $"My knowledge holds nothing on {UnknownNamesOf(answer)}, so I can't answer “{UserText.Echo(answer.Question)}”, and I won't answer with someone else's words. " +
                "I cover the talks to end Russia's war in Ukraine: each side's positions, the timeline, and the sources behind them."),
        _ => DoNotKnow(
            answer,
            "I don't know that yet",
            $"Nothing in my knowledge answers “{UserText.Echo(answer.Question)}” well enough, and I'd rather say so than guess. " +
                "I cover the talks to end Russia's war in Ukraine: each side's positions, the timeline, and the sources behind them."),
    };

    /// <summary>"Sybiha", "Orban and Erdogan": the names as the member may read them (cleaned, at most three).</summary>
    internal static string UnknownNamesOf(AskAnswer answer)
    {
        var names = answer.UnknownNames.Take(3).Select(n => UserText.Echo(n)).ToList();
        return names.Count <= 1 ? names.FirstOrDefault() ?? "that" : string.Join(", ", names[..^1]) + " and " + names[^1];
    }

    /// <summary>The question asks for a detail the knowledge lacks: say so, and show the nearest facts as related, not as the answer.</summary>
    private Reply NoDetail(AskAnswer answer)
    {
        var knowledge = answer.Knowledge;
        var period = answer.Time.Window is { } window && !answer.BestIsInWindow ? $" for {window.Label}" : "";
        return Reply.Of(new Card
        {
            Title = "I don't have that detail",
            Description = $"Nothing in my knowledge gives what “{UserText.Echo(answer.Question)}” asks{period}, and I won't pass a neighbouring fact off as the answer. " +
                "The nearest facts I have are below.",
            Fields = NotTheAnswer(answer, "Related (not an answer to the question)"),
            Tone = CardTone.Warning,
            Footer = FactCards.Footer(clock, knowledge, knowledge.Horizon, "moderators see this question in /kb unanswered"),
        });
    }

    /// <summary>The question's time runs past the horizon and nothing known answers it: say so, show the nearest, labelled.</summary>
    private Reply NearestOnly(AskAnswer answer)
    {
        var knowledge = answer.Knowledge;
        var label = answer.Time.Window?.Label ?? "then";
        return Reply.Of(new Card
        {
            Title = "I can't answer that for " + label,
            Description = $"{FactCards.KnowledgeEnds(knowledge)}, and nothing in it up to then answers “{UserText.Echo(answer.Question)}” for {label}. " +
                "What happened after that, I don't know.",
            Fields = NotTheAnswer(answer, "Nearest I have (not an answer to the question)"),
            Tone = CardTone.Warning,
            Footer = FactCards.Footer(clock, knowledge, knowledge.Horizon),
        });
    }

    private Reply DoNotKnow(AskAnswer answer, string title, string description)
    {
        var topics = answer.NearestTopics;
        var card = new Card
        {
            Title = title,
            Description = description,
            Fields =
            [
                new CardField("Nearest topics", string.Join("\n", topics.Select(t => $"{t.Title} — {t.Description} (/positions topic:{t.Id})"))),
                new CardField("Try", "/topics for everything I cover, /timeline for what happened when"),
            ],
            Tone = CardTone.Warning,
            Footer = FactCards.Footer(clock, answer.Knowledge, answer.Knowledge.Horizon),
        };
        return Reply.Of(card);
    }
}
