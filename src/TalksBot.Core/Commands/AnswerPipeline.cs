using Microsoft.Extensions.Logging;
using TalksBot.Core.Cards;

namespace TalksBot.Core.Commands;

/// <summary>How a request wants its answer: when to defer, and whether only the caller sees it.</summary>
/// <param name="DeferAfter">An answer not ready by then is deferred (Discord allows 3 s, Slack 3 s for the ack).</param>
/// <param name="Privately">The answer is for the caller alone (a button press under a shared answer).</param>
public sealed record AnswerTiming(TimeSpan DeferAfter, bool Privately = false);

/// <summary>
/// The one way every platform answers a request: the command goes through the <see cref="CommandRouter"/> (limits,
/// permissions, metrics), the answer is sent at once when it is ready in time, otherwise the request is deferred and
/// answered when done; any failure on the way still answers, with an apology. The host's shutdown waits for answers in
/// flight (<see cref="ShutdownGrace"/>). Adapters only translate, through <see cref="IReplyChannel"/>.
/// </summary>
public sealed class AnswerPipeline(CommandRouter router, ShutdownGrace grace, TimeProvider time, ILogger<AnswerPipeline> logger)
{
    /// <summary>The reply when answering failed after the command ran (rendering, the platform refusing the message).</summary>
    public static Reply Apology { get; } =
        Reply.Error("Something went wrong", "TalksBot could not answer this time. The error was logged; please try again.");

    /// <summary>Runs <paramref name="invocation"/> through the router and answers it on <paramref name="channel"/>.</summary>
    public Task AnswerAsync(CommandInvocation invocation, IReplyChannel channel, AnswerTiming timing, CancellationToken cancellationToken) =>
        AnswerAsync(token => router.RouteAsync(invocation, token), invocation.Name, invocation.Platform, channel, timing, cancellationToken);

    /// <summary>Answers with a reply that needs no command (a request that could not be parsed into one).</summary>
    public Task AnswerAsync(Reply reply, string platform, IReplyChannel channel, AnswerTiming timing, CancellationToken cancellationToken) =>
        AnswerAsync(_ => Task.FromResult(reply), "(none)", platform, channel, timing, cancellationToken);

    private async Task AnswerAsync(
        Func<CancellationToken, Task<Reply>> produce, string command, string platform, IReplyChannel channel, AnswerTiming timing, CancellationToken cancellationToken)
    {
        using var inFlight = grace.BeginWork();
        var firstResponseSent = false;
        try
        {
            var work = produce(cancellationToken);
            if (!work.IsCompleted)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var timer = Task.Delay(timing.DeferAfter, time, deadline.Token);
                var first = await Task.WhenAny(work, timer).ConfigureAwait(false);
                await deadline.CancelAsync().ConfigureAwait(false);
                if (first != work)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    await channel.DeferAsync(timing.Privately, cancellationToken).ConfigureAwait(false);
                    firstResponseSent = true;
                    Log.AnswerDeferred(logger, command, platform);
                    var late = await work.ConfigureAwait(false);
                    await channel.AnswerLateAsync(Shape(late, timing), cancellationToken).ConfigureAwait(false);
                    return;
                }
            }

            var reply = await work.ConfigureAwait(false);
            await channel.AnswerAsync(Shape(reply, timing), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            Log.AnswerFailed(logger, command, platform, exception);
            await ApologiseAsync(channel, firstResponseSent, command, platform, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The apology goes as the first response when none went out (the platform refused the answer itself); when that is
    /// refused too (the first response did arrive after all), or after a deferral, it replaces the answer.
    /// </summary>
    private async Task ApologiseAsync(IReplyChannel channel, bool firstResponseSent, string command, string platform, CancellationToken cancellationToken)
    {
        if (!firstResponseSent)
        {
            try
            {
                await channel.AnswerAsync(Apology, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                Log.ApologyFailed(logger, command, platform, failure.Message);
            }
        }

        try
        {
            await channel.AnswerLateAsync(Apology, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception failure) when (failure is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ApologyFailed(logger, command, platform, failure.Message);
        }
    }

    private static Reply Shape(Reply reply, AnswerTiming timing) => timing.Privately && !reply.Ephemeral ? reply with { Ephemeral = true } : reply;
}
