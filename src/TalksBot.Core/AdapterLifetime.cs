using Microsoft.Extensions.Hosting;

namespace TalksBot.Core;

/// <summary>
/// Tracks the running platform adapters and how the bot ends. An adapter that stops for good (a revoked token, a
/// disabled link) leaves; when the last one leaves, the host stops with <see cref="ExitCode"/> 1 — while another still
/// runs, the bot stays up. A hosted service that fails (<see cref="ServiceFailed"/>) stops the host with 1 too.
/// </summary>
/// <remarks>Core only reports the outcome: the host turns <see cref="ExitCode"/> into the process exit code.</remarks>
public sealed class AdapterLifetime(IHostApplicationLifetime lifetime)
{
    /// <summary>The exit code of a bot that stopped because it could not go on.</summary>
    public const int FailedExitCode = 1;

    private int _running;
    private int _exitCode;

    /// <summary>0 while nothing has gone wrong; <see cref="FailedExitCode"/> once every adapter stopped for good or a service failed.</summary>
    public int ExitCode => Volatile.Read(ref _exitCode);

    public void Started() => Interlocked.Increment(ref _running);

    /// <summary>An adapter stopped for good; stops the host (exit code 1) when no adapter is left.</summary>
    public void StoppedForGood()
    {
        if (Interlocked.Decrement(ref _running) > 0)
        {
            return;
        }

        Stop();
    }

    /// <summary>A hosted service failed (threw): the bot cannot be trusted to go on, so the host stops with exit code 1.</summary>
    public void ServiceFailed() => Stop();

    private void Stop()
    {
        Volatile.Write(ref _exitCode, FailedExitCode);

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
