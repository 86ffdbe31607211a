using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Conversations;

/// <summary>
/// Answers messages written to TalksBot in conversations: a mention or a direct message is <c>/ask</c>, through the same
/// router (limits, metrics), pipeline (deferral, apology) and cards; a follow-up in a thread reuses the question before
/// it (<see cref="FollowUpQuestion"/>); a mention with no question gets a short help. Every message takes from the
/// member's ask budget (<see cref="CommandRateLimiter"/>), the help too.
/// </summary>
public sealed class ConversationService(AnswerPipeline pipeline, QueryService queries, IConversationMemory memory, CommandRateLimiter? limiter = null)
{
    /// <summary>How long a thread's last question is kept for follow-ups.</summary>
    public static readonly TimeSpan FollowUpWindow = TimeSpan.FromMinutes(30);

    /// <summary>Typing shows (Discord) when the answer takes longer than this; a message has no first-response deadline.</summary>
    public static readonly AnswerTiming MessageTiming = new(TimeSpan.FromSeconds(1));

    /// <summary>The answer to a mention that asks nothing: what to ask and which commands there are, in two lines.</summary>
    public static Reply Help(bool direct) => Reply.Of(new Card
    {
        Title = "Ask me about the talks to end Russia's war in Ukraine",
        Description = (direct ? "Write your question here, e.g. “Does Russia still demand Crimea?”" : "Mention me with a question, e.g. “@TalksBot does Russia still demand Crimea?”") +
            "\nCommands: /ask, /positions, /timeline, /topics, /help · on any message: Apps → Check with TalksBot",
        Tone = CardTone.Info,
    });

    /// <summary>The answer to a command typed into a message: commands are slash commands.</summary>
    public static Reply CommandsAreSlashCommands { get; } = Reply.Of(new Card
    {
        Title = "Commands are slash commands",
        Description = "Type the command in the message box and pick it from the list (moderators' /fact and /kb too). In a message, just ask your question.",
        Tone = CardTone.Info,
    });

    /// <summary>Answers <paramref name="message"/> on <paramref name="channel"/>; the question becomes the thread's last one.</summary>
    public async Task AnswerAsync(ConversationMessage message, IReplyChannel channel, CancellationToken cancellationToken)
    {
        var text = DisplayText.Clean(message.Text).Trim();
        if (text.Length == 0 || text.StartsWith('/'))
        {
            // No question, yet a message all the same: it takes from the member's ask budget like one, or a flood of empty
            // mentions or "/…" DMs would have TalksBot post a help card for each, past every limit.
            var ready = text.Length == 0 ? Help(message.Direct) : CommandsAreSlashCommands;
            if (limiter?.TryAcquire(Ask(message, "")) is { } wait)
            {
                ready = CommandRouter.SlowDown(wait);
            }

            await pipeline.AnswerAsync(ready, message.Platform, channel, MessageTiming, cancellationToken).ConfigureAwait(false);
            return;
        }

        var previous = await memory.LastQuestionAsync(message.ConversationKey, cancellationToken).ConfigureAwait(false);
        var question = FollowUpQuestion.Resolve(previous, text, queries.Names, queries.Knowledge);
        if (question.Length > CommandCatalog.MaxQuestionLength)
        {
            question = question[..CommandCatalog.MaxQuestionLength];
        }

        await memory.RememberAsync(message.ConversationKey, question, FollowUpWindow, cancellationToken).ConfigureAwait(false);
        foreach (var key in message.AlsoKnownAs)
        {
            await memory.RememberAsync(key, question, FollowUpWindow, cancellationToken).ConfigureAwait(false);
        }

        await pipeline.AnswerAsync(Ask(message, question), channel, MessageTiming, cancellationToken).ConfigureAwait(false);
    }

    private static CommandInvocation Ask(ConversationMessage message, string question) => new(
        "ask",
        new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["question"] = question },
        message.Caller,
        message.ChannelId,
        message.Platform);
}
