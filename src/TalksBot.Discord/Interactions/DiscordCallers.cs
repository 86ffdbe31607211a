using System.Globalization;
using System.Numerics;
using TalksBot.Core.Commands;
using TalksBot.Discord.Api;

namespace TalksBot.Discord.Interactions;

/// <summary>Who asks, for Core: the user, their roles, and whether they moderate (by permission bits or the moderator role).</summary>
internal static class DiscordCallers
{
    private static readonly BigInteger AdministratorPermission = 8;

    /// <param name="user">The interaction's caller or the message's author.</param>
    /// <param name="member">Their guild member; null in a DM. A message's member carries roles but no permissions.</param>
    /// <param name="settings">The moderator permission and role.</param>
    public static CommandCaller Of(DiscordUser user, GuildMember? member, DiscordOptions settings)
    {
        var roles = member?.Roles.Where(r => r.Length > 0).ToList() ?? [];
        var permissions = BigInteger.TryParse(member?.Permissions ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : BigInteger.Zero;
        var isModerator = member is not null &&
            (((permissions & AdministratorPermission) != 0) ||
             ((permissions & settings.ModeratorPermission) == settings.ModeratorPermission && settings.ModeratorPermission != 0) ||
             (settings.ModeratorRoleId is not null && roles.Contains(settings.ModeratorRoleId)));
        return new CommandCaller(user.Id, user.DisplayName, roles, isModerator);
    }
}
