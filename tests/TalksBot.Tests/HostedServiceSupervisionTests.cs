using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TalksBot.Core;

namespace TalksBot.Tests;

/// <summary>
/// A hosted service that throws (as the Slack worker did on an <c>apps.connections.open</c> reply without a URL) stops
/// the bot with exit code 1 and one error line naming the service; the stack trace is for Debug.
/// </summary>
public sealed class HostedServiceSupervisionTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("talksbot-host-").FullName;

    /// <summary>The console bot's composition on an empty database of this test's own.</summary>
    private Dictionary<string, string?> Settings => new()
    {
        ["Knowledge:DatabasePath"] = Path.Combine(_directory, "talksbot.db"),
        ["Knowledge:ImportOnStart"] = "false",
    };

    [Fact]
    public async Task HostedService_ThatThrowsWhileRunning_StopsTheHostWithExitCodeOneAndAnErrorLineNamingIt()
    {
        var logs = new RecordingLoggerProvider();
        using var host = SupervisedHost<FailingSocketWorker>(logs);

        await RunUntilItStopsItselfAsync(host);

        Assert.Equal(1, host.Services.GetRequiredService<AdapterLifetime>().ExitCode);
        var error = Assert.Single(logs.Entries, e => e.Level >= LogLevel.Error);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("FailingSocketWorker failed: Object reference not set to an instance of an object.", error.Message, StringComparison.Ordinal);
        Assert.Null(error.Exception);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Debug && e.Exception is NullReferenceException);
    }

    [Fact]
    public async Task HostedService_ThatThrowsWhileStarting_StopsTheHostWithExitCodeOne()
    {
        var logs = new RecordingLoggerProvider();
        using var host = SupervisedHost<FailingStart>(logs);

        await RunUntilItStopsItselfAsync(host);

        Assert.Equal(1, host.Services.GetRequiredService<AdapterLifetime>().ExitCode);
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("FailingStart failed: no port", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheBotsHost_AnyHostedServiceThatThrows_EndsWithExitCodeOne()
    {
        using var host = TalksBotApp.Build(Settings, services => services.AddHostedService<FailingSocketWorker>());

        await RunUntilItStopsItselfAsync(host);

        Assert.Equal(1, host.Services.GetRequiredService<AdapterLifetime>().ExitCode);
    }

    [Fact]
    public async Task TheBotsHost_StoppedFromOutside_EndsWithExitCodeZero()
    {
        using var host = TalksBotApp.Build(Settings);

        await host.StartAsync();
        await host.StopAsync();

        Assert.Equal(0, host.Services.GetRequiredService<AdapterLifetime>().ExitCode);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A bare host with one hosted service, supervised as the bot's are, logging everything to <paramref name="logs"/>.</summary>
    private static IHost SupervisedHost<TService>(RecordingLoggerProvider logs)
        where TService : class, IHostedService
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [], DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        builder.Services.AddSingleton<AdapterLifetime>();
        builder.Services.AddHostedService<TService>();
        builder.Services.SuperviseHostedServices();
        return builder.Build();
    }

    private static async Task RunUntilItStopsItselfAsync(IHost host)
    {
        var stopping = new TaskCompletionSource();
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());
        await host.StartAsync();
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.StopAsync();
    }

    /// <summary>Throws the way the Socket Mode worker did on <c>{"ok":true}</c> without a <c>url</c>.</summary>
    private sealed class FailingSocketWorker : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            string? url = null;
            _ = url!.Length;
        }
    }

    private sealed class FailingStart : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => throw new InvalidOperationException("no port");

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed record LogEntry(LogLevel Level, string Category, string Message, Exception? Exception);

    private sealed class RecordingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyList<LogEntry> Entries => [.. _entries];

        public ILogger CreateLogger(string categoryName) => new Recorder(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Recorder(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception), exception));
        }
    }
}
