using System.Diagnostics;

namespace TalksBot.LoadTest;

/// <summary>
/// Fires interaction number 0, 1, 2 … at fixed intervals (1/rate), whether or not earlier ones were answered: an open
/// loop, as real users are. Runs on its own thread; a late tick fires every interaction that has fallen due, so the
/// offered rate holds even when a tick is delayed. <c>fire</c> must hand the work off and return at once.
/// </summary>
internal static class OpenLoopScheduler
{
    /// <summary>Fires <paramref name="count"/> interactions at <paramref name="rate"/> per second; returns how many it fired.</summary>
    public static Task<int> RunAsync(int count, double rate, Action<int, long> fire, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            var fired = 0;
            try
            {
                var start = Stopwatch.GetTimestamp();
                var ticksPerInteraction = Stopwatch.Frequency / rate;
                while (fired < count && !cancellationToken.IsCancellationRequested)
                {
                    var now = Stopwatch.GetTimestamp();
                    var due = Math.Min(count, (int)((now - start) / ticksPerInteraction) + 1);
                    while (fired < due)
                    {
                        fire(fired, start + (long)(fired * ticksPerInteraction));
                        fired++;
                    }

                    var next = start + (long)(fired * ticksPerInteraction);
                    var waitMs = (next - Stopwatch.GetTimestamp()) * 1000.0 / Stopwatch.Frequency;
                    if (waitMs > 0)
                    {
                        // No spinning: the bot needs the cores. A sleep overshoots by well under a millisecond on Linux.
                        Thread.Sleep(Math.Max(1, (int)waitMs));
                    }
                }

                done.TrySetResult(fired);
            }
            catch (Exception exception)
            {
                done.TrySetException(exception);
            }
        })
        {
            IsBackground = true,
            Name = "open-loop scheduler",
            Priority = ThreadPriority.AboveNormal,
        };
        thread.Start();
        return done.Task;
    }
}
