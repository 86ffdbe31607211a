using Microsoft.Extensions.Hosting;

namespace TalksBot.Core;

/// <summary>
/// Tracks the running platform adapters. An adapter that stops for good (a revoked token, a disabled link) leaves;
/// when the last one leaves, the host stops with exit code 1 — while another still runs, the bot stays up.
/// </summary>
public sealed class AdapterLifetime(IHostApplicationLifetime lifetime)
{
    private int _running;

    public void Started() => Interlocked.Increment(ref _running);

    /// <summary>An adapter stopped for good; stops the host (exit code 1) when no adapter is left.</summary>
    public void StoppedForGood()
    {
        if (Interlocked.Decrement(ref _running) > 0)
        {
            return;
        }

        Environment.ExitCode = 1;

        // Stopping while the host is still starting would cancel the other services' start-up; wait for it to finish.
        if (lifetime.ApplicationStarted.IsCancellationRequested)
        {
            lifetime.StopApplication();
        }
        else
        {
            lifetime.ApplicationStarted.Register(lifetime.StopApplication);
        }
    }
}
