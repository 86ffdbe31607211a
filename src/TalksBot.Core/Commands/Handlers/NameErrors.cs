using TalksBot.Core.Cards;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Commands.Handlers;

/// <summary>The friendly error for a party or topic name nobody knows: the valid ones, and the nearest by spelling.</summary>
internal static class NameErrors
{
    public static Reply Unknown<T>(string what, Lookup<T> lookup)
        where T : class =>
        Reply.Error($"Unknown {what}", Message(what, lookup));

    /// <summary>"I don't know the topic “x”. Did you mean …? Valid topics: …".</summary>
    public static string Message<T>(string what, Lookup<T> lookup)
        where T : class
    {
        var nearest = lookup.Suggestions.Count > 0 ? $" Did you mean {string.Join(" or ", lookup.Suggestions)}?" : "";
        return $"I don't know the {what} “{UserText.Echo(lookup.Input)}”.{nearest}\nValid {what}s: {string.Join(", ", lookup.Valid)}.";
    }
}
