using TalksBot.Core.Cards;

namespace TalksBot.Core.Tests.Moderation;

/// <summary>Everything a member would read in a reply, as one string.</summary>
internal static class ReplyText
{
    public static string Of(Reply reply) =>
        string.Join("\n", reply.Cards.SelectMany(c => new[] { c.Title, c.Description ?? "", c.Footer ?? "" }.Concat(c.Fields.SelectMany(f => new[] { f.Name, f.Value }))));
}
