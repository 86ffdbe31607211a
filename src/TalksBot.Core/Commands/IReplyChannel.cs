using TalksBot.Core.Cards;

namespace TalksBot.Core.Commands;

/// <summary>
/// How one request is answered on its platform: the adapter's side of <see cref="AnswerPipeline"/>. Each request gets
/// exactly one of <see cref="AnswerAsync"/> or <see cref="DeferAsync"/> first; after a deferral, exactly one
/// <see cref="AnswerLateAsync"/>. Implementations translate only: render the reply, send it the platform's way.
/// </summary>
public interface IReplyChannel
{
    /// <summary>The answer, in time for the platform's first response (Discord's callback, Slack's ack).</summary>
    Task AnswerAsync(Reply reply, CancellationToken cancellationToken);

    /// <summary>The answer is not ready in time: acknowledge now so the platform shows no failure.</summary>
    /// <param name="ephemeral">Whether the answer that follows is for the caller alone.</param>
    /// <param name="cancellationToken">Cancelled when the shutdown grace period is over.</param>
    Task DeferAsync(bool ephemeral, CancellationToken cancellationToken);

    /// <summary>The answer after a deferral (Discord's edit of the original, Slack's response_url).</summary>
    Task AnswerLateAsync(Reply reply, CancellationToken cancellationToken);
}
