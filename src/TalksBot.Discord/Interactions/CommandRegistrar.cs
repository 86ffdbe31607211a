using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Discord.Rest;

namespace TalksBot.Discord.Interactions;

/// <summary>Registers the catalogue's commands at start: in one guild when Discord:GuildId is set (instant), else globally; skipped when unchanged.</summary>
internal sealed class CommandRegistrar(DiscordRestClient rest, IOptions<DiscordOptions> options, ILogger<CommandRegistrar> logger)
{
    /// <summary>Returns true when it had to register (the definitions differed).</summary>
    public async Task<bool> RegisterAsync(CancellationToken cancellationToken)
    {
        var guildId = options.Value.GuildId;
        var scope = guildId is null ? "global" : $"guild {guildId}";
        var wanted = DiscordCommandDefinitions.Build(options.Value.ModeratorPermission);
        var existing = await rest.GetCommandsAsync(guildId, cancellationToken).ConfigureAwait(false);
        if (DiscordCommandDefinitions.Fingerprint(existing) == DiscordCommandDefinitions.Fingerprint(wanted))
        {
            Log.CommandsUnchanged(logger, wanted.Count, scope);
            return false;
        }

        await rest.PutCommandsAsync(guildId, wanted, cancellationToken).ConfigureAwait(false);
        Log.CommandsRegistered(logger, wanted.Count, scope);
        return true;
    }
}
