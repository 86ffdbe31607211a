namespace TalksBot.Core.Intake;

/// <summary>One news item as a feed gave it, already stripped of markup and unsafe characters.</summary>
/// <param name="Outlet">The feed's configured name ("Reuters World").</param>
/// <param name="Headline">The item's title.</param>
/// <param name="Summary">Its description or summary, plain text, possibly empty.</param>
/// <param name="Link">Its http(s) address (without user info), or null when it gave none.</param>
/// <param name="Published">When it was published (or last updated), if it says.</param>
public sealed record FeedItem(string Outlet, string Headline, string Summary, string? Link, DateTimeOffset? Published);
