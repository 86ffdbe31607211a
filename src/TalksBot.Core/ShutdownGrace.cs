using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace TalksBot.Core;

/// <summary>
/// Graceful shutdown for the adapters: once the host starts stopping (SIGTERM, Ctrl+C) no new work is taken
/// (<see cref="Stopping"/>), and work already taken runs under <see cref="Token"/>, which is cancelled only when the host's
/// shutdown time-out (<c>Host:ShutdownGraceSeconds</c>) has run out.
/// </summary>
public sealed class ShutdownGrace : IDisposable
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly CancellationTokenSource _expired;
    private readonly CancellationTokenRegistration _registration;

    public ShutdownGrace(IHostApplicationLifetime lifetime, IOptions<HostOptions> hostOptions, TimeProvider time)
    {
        _lifetime = lifetime;
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

    public void Dispose()
    {
        _registration.Dispose();
        _expired.Dispose();
    }
}
