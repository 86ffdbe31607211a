namespace TalksBot.Core.Cards;

/// <summary>How a card reads at a glance; renderers pick a colour from it and from the card's party.</summary>
public enum CardTone
{
    Answer,
    Info,
    Warning,
    Error,
}

/// <summary>A labelled block inside a card (a party's position, a list of sources …).</summary>
public sealed record CardField(string Name, string Value, bool Inline = false);

/// <summary>A platform-neutral answer block; each renderer enforces its platform's limits.</summary>
public sealed record Card
{
    public required string Title { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<CardField> Fields { get; init; } = [];
    public string? Footer { get; init; }
    public CardTone Tone { get; init; } = CardTone.Answer;

    /// <summary>The party the card speaks about (its colour on Discord), if one.</summary>
    public string? PartyId { get; init; }
    public string? Url { get; init; }
    public DateOnly? AsOf { get; init; }
}

/// <summary>A button under a reply; <see cref="Action"/> is routed back as a command when pressed.</summary>
public sealed record ReplyButton(string Label, string Action, ButtonKind Kind = ButtonKind.Secondary);

public enum ButtonKind
{
    Primary,
    Secondary,
    Success,
    Danger,
}

/// <summary>What a command answers: cards, buttons under them, and whether only the caller sees it.</summary>
public sealed record Reply(IReadOnlyList<Card> Cards, IReadOnlyList<ReplyButton> Buttons, bool Ephemeral = false)
{
    public static Reply Of(Card card, params ReplyButton[] buttons) => new([card], buttons);

    /// <summary>A friendly error only the caller sees.</summary>
    public static Reply Error(string title, string message) =>
        new([new Card { Title = title, Description = message, Tone = CardTone.Error }], [], Ephemeral: true);
}
