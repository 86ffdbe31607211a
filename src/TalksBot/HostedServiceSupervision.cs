using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TalksBot.Core;

namespace TalksBot;

/// <summary>
/// Makes a failed hosted service end the bot with exit code 1. Left to itself, the host stops when a background
/// service throws but the process exits 0 (a supervisor sees a clean stop and does not restart it), and it logs the
/// stack twice without naming the service.
/// </summary>
internal static class HostedServiceSupervision
{
    /// <summary>Wraps every hosted service registered so far in a <see cref="SupervisedHostedService"/>, in place (the host starts and stops them in registration order).</summary>
    public static IServiceCollection SuperviseHostedServices(this IServiceCollection services)
    {
        for (var i = 0; i < services.Count; i++)
        {
            var descriptor = services[i];
            if (descriptor.ServiceType != typeof(IHostedService) || descriptor.IsKeyedService)
            {
                continue;
            }

            services[i] = ServiceDescriptor.Describe(
                typeof(IHostedService),
                provider => new SupervisedHostedService(
                    Create(provider, descriptor),
                    provider.GetRequiredService<AdapterLifetime>(),
                    provider.GetRequiredService<IHostApplicationLifetime>(),
                    provider.GetRequiredService<ILoggerFactory>().CreateLogger("TalksBot")),
                descriptor.Lifetime);
        }

        return services;
    }

    private static IHostedService Create(IServiceProvider provider, ServiceDescriptor descriptor) =>
        (IHostedService)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(provider)
            ?? ActivatorUtilities.CreateInstance(provider, descriptor.ImplementationType!));
}

/// <summary>
/// One hosted service under watch: if its start throws, or its background work (<see cref="BackgroundService.ExecuteTask"/>)
/// ends with an exception while the host is not stopping, it logs one error line naming the service (the stack trace at
/// Debug) and stops the bot through <see cref="AdapterLifetime.ServiceFailed"/>.
/// </summary>
internal sealed class SupervisedHostedService(IHostedService service, AdapterLifetime outcome, IHostApplicationLifetime lifetime, ILogger logger)
    : IHostedLifecycleService
{
    private readonly string _name = service.GetType().Name;
    private Task _watch = Task.CompletedTask;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await service.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            Failed(exception);
            return;
        }

        if (service is BackgroundService { ExecuteTask: { } work })
        {
            _watch = WatchAsync(work);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await service.StopAsync(cancellationToken).ConfigureAwait(false);
        await _watch.ConfigureAwait(false);
    }

    public Task StartingAsync(CancellationToken cancellationToken) =>
        (service as IHostedLifecycleService)?.StartingAsync(cancellationToken) ?? Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) =>
        (service as IHostedLifecycleService)?.StartedAsync(cancellationToken) ?? Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) =>
        (service as IHostedLifecycleService)?.StoppingAsync(cancellationToken) ?? Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) =>
        (service as IHostedLifecycleService)?.StoppedAsync(cancellationToken) ?? Task.CompletedTask;

    private async Task WatchAsync(Task work)
    {
        try
        {
            await work.ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            // Cancelled because the host stops: the end every background service comes to.
        }
        catch (Exception exception)
        {
            Failed(exception);
        }
    }

    private void Failed(Exception exception)
    {
        Log.HostedServiceFailed(logger, _name, exception.Message, exception.GetType().Name, AdapterLifetime.FailedExitCode);
        Log.HostedServiceFailure(logger, _name, exception);
        outcome.ServiceFailed();
    }
}
