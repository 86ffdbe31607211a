using Spectre.Console;
using TalksBot.Core.Cards;
using TalksBot.Core.Moderation;

namespace TalksBot.ConsoleBot;

/// <summary>Shows fact-change cards in the terminal of a running console bot ("/subscribe" on the console).</summary>
internal sealed class ConsolePublisher : IChannelPublisher
{
    private volatile IAnsiConsole? _console;

    public string Platform => ConsoleBot.Platform;

    /// <summary>The terminal the console bot writes to while it runs; null when it stops.</summary>
    public void Attach(IAnsiConsole? console) => _console = console;

    public Task PublishAsync(string channelId, Reply reply, CancellationToken cancellationToken)
    {
        var console = _console ?? throw new ChannelPublishException("the console bot is not running");
        ConsoleCardRenderer.Render(console, reply);
        return Task.CompletedTask;
    }
}
