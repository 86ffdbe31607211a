namespace TalksBot.ConsoleBot;

/// <summary>
/// Reads lines on a background thread, so that waiting for the next line ends as soon as the bot is asked to stop. A read
/// blocked on a terminal or on a pipe held open (<c>docker run -i</c>) cannot be cancelled:
/// <see cref="TextReader.ReadLineAsync(CancellationToken)"/> only looks at the token before it starts.
/// </summary>
internal sealed class CancellableLineReader(TextReader input)
{
    private Task<string?>? _pending;

    /// <summary>The next line; null at the end of input or once <paramref name="cancellationToken"/> is cancelled.</summary>
    /// <remarks>A read abandoned by cancellation is kept for the next call, so no line is lost.</remarks>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        _pending ??= Task.Factory.StartNew(input.ReadLine, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            var line = await _pending.WaitAsync(cancellationToken).ConfigureAwait(false);
            _pending = null;
            return line;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
