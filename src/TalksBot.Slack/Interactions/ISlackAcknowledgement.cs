using TalksBot.Slack.Protocol;

namespace TalksBot.Slack.Interactions;

/// <summary>
/// The acknowledgement Slack waits for (3 s) for one request: the Socket Mode ack of its envelope or the HTTP response.
/// It goes out once; it may carry the first answer.
/// </summary>
internal interface ISlackAcknowledgement
{
    /// <summary>The delivery to claim when the request itself has no id to de-duplicate on (the envelope), or null.</summary>
    string? DeliveryKey { get; }

    /// <summary>
    /// Acknowledges now, with <paramref name="payload"/> when there is one. True when the payload rode on the
    /// acknowledgement (or there was none); false when it must go another way: the acknowledgement went out before, it
    /// cannot carry a payload, or it could not be sent.
    /// </summary>
    Task<bool> TryAcknowledgeAsync(SlackResponse? payload, CancellationToken cancellationToken);
}
