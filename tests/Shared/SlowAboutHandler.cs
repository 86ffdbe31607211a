using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;

namespace TalksBot.Testing;

/// <summary>An /about that takes its time, to force the adapters' late-answer path (deferral, response_url). Linked into the adapter tests.</summary>
internal sealed class SlowAboutHandler(TimeSpan delay) : ICommandHandler
{
    public string Name => "about";

    /// <summary>Replaces the real /about among the registered handlers.</summary>
    public static void Replace(IServiceCollection services, TimeSpan delay)
    {
        services.RemoveAll<ICommandHandler>();
        services.AddSingleton<ICommandHandler>(new SlowAboutHandler(delay));
        foreach (var type in typeof(CommandRouter).Assembly.GetTypes().Where(t => typeof(ICommandHandler).IsAssignableFrom(t) && !t.IsAbstract && t.Name != "AboutHandler"))
        {
            services.AddSingleton(typeof(ICommandHandler), type);
        }
    }

    public async Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        return Reply.Of(new Card { Title = "About TalksBot (slow)", Description = "Took a while." });
    }
}
