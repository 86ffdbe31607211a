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

/// <summary>One input of a form: the command option it fills, pre-filled with <see cref="Value"/>.</summary>
public sealed record FormField(string Option, string Label, string? Value = null, bool Multiline = false, bool Required = false, int MaxLength = 1000, string? Placeholder = null);

/// <summary>
/// A form to fill in (a Discord modal, a Slack modal, prompts on the console). Submitting it runs
/// <see cref="Command"/> with the fields' values plus <see cref="Carried"/> (values fixed when the form was opened,
/// such as the fact id and the revision the edit starts from).
/// </summary>
public sealed record ReplyForm(string Command, string Title, IReadOnlyList<FormField> Fields, IReadOnlyDictionary<string, string> Carried)
{
    /// <summary>Discord shows at most five inputs in a modal.</summary>
    public const int MaxFields = 5;
}

/// <summary>A file sent with a reply (a knowledge export).</summary>
public sealed record ReplyFile(string Name, string ContentType, ReadOnlyMemory<byte> Content);

/// <summary>What a command answers: cards, buttons under them, and whether only the caller sees it; or a form to fill in.</summary>
public sealed record Reply(IReadOnlyList<Card> Cards, IReadOnlyList<ReplyButton> Buttons, bool Ephemeral = false)
{
    /// <summary>A form the adapter shows instead of a message; its submission comes back as a command.</summary>
    public ReplyForm? Form { get; init; }

    /// <summary>
    /// When set, the reply's cards are posted publicly as a thread reply under this message (the adapter's reference to
    /// it, as it gave it to the command), and the caller gets a private confirmation instead: "Share in channel".
    /// </summary>
    public string? PostUnderMessage { get; init; }

    /// <summary>
    /// Called by the adapter when the platform refused the public post of <see cref="PostUnderMessage"/>: the share did
    /// not happen, so pressing the button again may post it.
    /// </summary>
    public Func<CancellationToken, ValueTask>? NotPosted { get; init; }

    /// <summary>Files attached to the message.</summary>
    public IReadOnlyList<ReplyFile> Files { get; init; } = [];

    public static Reply Of(Card card, params ReplyButton[] buttons) => new([card], buttons);

    /// <summary>Asks the caller to fill in a form.</summary>
    public static Reply OpenForm(ReplyForm form) => new([], [], Ephemeral: true) { Form = form };

    /// <summary>What the caller sees privately once a reply with <see cref="PostUnderMessage"/> is posted.</summary>
    public static Reply SharedInThread { get; } =
        new([new Card { Title = "Shared", Description = "Posted in the thread under the message, with your name on it.", Tone = CardTone.Info }], [], Ephemeral: true);

    /// <summary>A friendly error only the caller sees.</summary>
    public static Reply Error(string title, string message) =>
        new([new Card { Title = title, Description = message, Tone = CardTone.Error }], [], Ephemeral: true);
}
