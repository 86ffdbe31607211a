using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TalksBot.Core;

/// <summary>
/// Graceful shutdown for the adapters: once the host starts stopping (SIGTERM, Ctrl+C) no new work is taken
/// (<see cref="Stopping"/>), and work already taken runs under <see cref="Token"/>, which is cancelled only when the host's
/// shutdown time-out (<c>Host:ShutdownGraceSeconds</c>) has run out. Work that outlives its request (an answer sent later
/// through a platform's API) registers with <see cref="BeginWork"/>, and the host's stop waits for it.
/// </summary>
/// <remarks>A hosted service registered before the adapters, so the host stops it after them: they stop taking work first.</remarks>
public sealed class ShutdownGrace : IHostedService, IDisposable
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly CancellationTokenSource _expired;
    private readonly CancellationTokenRegistration _registration;
    private readonly Lock _lock = new();
    private TaskCompletionSource _idle = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _inFlight;

    public ShutdownGrace(IHostApplicationLifetime lifetime, IOptions<HostOptions> hostOptions, TimeProvider time)
    {
        _lifetime = lifetime;
        _idle.SetResult();
        _expired = new CancellationTokenSource(Timeout.InfiniteTimeSpan, time);
        var grace = hostOptions.Value.ShutdownTimeout;
        _registration = lifetime.ApplicationStopping.Register(() =>
        {
            if (grace <= TimeSpan.Zero)
            {
                _expired.Cancel();
            }
            else
            {
                _expired.CancelAfter(grace);
            }
        });
    }

    /// <summary>True once the host is stopping: refuse new work.</summary>
    public bool Stopping => _lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>For work already taken: cancelled when the grace period after the stop signal is over.</summary>
    public CancellationToken Token => _expired.Token;

    /// <summary>Work the host's stop should wait for, until the returned handle is disposed.</summary>
    public IDisposable BeginWork()
    {
        lock (_lock)
        {
            if (_inFlight++ == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }

        return new Work(this);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Waits for the work begun with <see cref="BeginWork"/>, or until the host's shutdown time-out.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task idle;
        lock (_lock)
        {
            idle = _idle.Task;
        }

        await idle.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _registration.Dispose();
        _expired.Dispose();
    }

    private void EndWork()
    {
        lock (_lock)
        {
            if (--_inFlight == 0)
            {
                _idle.TrySetResult();
            }
        }
    }

    private sealed class Work(ShutdownGrace grace) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                grace.EndWork();
            }
        }
    }
}
