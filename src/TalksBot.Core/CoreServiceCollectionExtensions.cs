using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TalksBot.Core.Commands;
using TalksBot.Core.Commands.Handlers;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;
using TalksBot.Core.Search;

namespace TalksBot.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>The knowledge store, search, query service, command router and handlers.</summary>
    public static IServiceCollection AddTalksBotCore(this IServiceCollection services)
    {
        services.AddOptions<KnowledgeOptions>().BindConfiguration(KnowledgeOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => KnowledgeStore.Open(
            sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.DatabasePath,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<KnowledgeLoader>();
        services.AddSingleton<FactIndex>();
        services.AddSingleton<QueryService>();
        services.AddSingleton<CommandTextParser>();

        services.AddSingleton<ICommandHandler, PositionsHandler>();
        services.AddSingleton<ICommandHandler, AskHandler>();
        services.AddSingleton<ICommandHandler, TimelineHandler>();
        services.AddSingleton<ICommandHandler, SourcesHandler>();
        services.AddSingleton<ICommandHandler, TopicsHandler>();
        services.AddSingleton<ICommandHandler, AboutHandler>();
        services.AddSingleton<ICommandHandler, HelpHandler>();
        services.AddSingleton<CommandRouter>();
        return services;
    }
}
