namespace TalksBot.Platform.WebSockets;

/// <summary>A sliding window of send times: a send beyond the limit waits until the oldest one leaves the window. Used under the send lock.</summary>
internal sealed class SendWindow(SendRateLimit limit, TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _sent = new();

    public async Task WaitTurnAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = time.GetUtcNow();
            while (_sent.Count > 0 && now - _sent.Peek() >= limit.Per)
            {
                _sent.Dequeue();
            }

            if (_sent.Count < limit.Sends)
            {
                _sent.Enqueue(now);
                return;
            }

            await Task.Delay(_sent.Peek() + limit.Per - now, time, cancellationToken).ConfigureAwait(false);
        }
    }
}
