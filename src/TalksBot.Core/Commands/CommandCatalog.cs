namespace TalksBot.Core.Commands;

/// <summary>What an option's value names; drives autocomplete on Discord and free-text parsing on Slack and the console.</summary>
public enum OptionKind
{
    Text,
    Topic,
    Party,
    Date,
    FactOrTopic,
    Command,

    /// <summary>A whole number from 1, such as a page.</summary>
    Number,

    /// <summary>A fact's id, current or not (moderators restore retracted ones).</summary>
    FactId,

    /// <summary>A channel: a Discord channel picker, a Slack #channel link; the current channel when left out.</summary>
    Channel,
}

public sealed record CommandOption(string Name, string Description, OptionKind Kind, bool Required = false, int MaxLength = 100);

/// <summary>One command, defined once: Discord registration, the Slack manifest, help and parsing are all generated from it.</summary>
public sealed record CommandDefinition(
    string Name,
    string Description,
    IReadOnlyList<CommandOption> Options,
    IReadOnlyList<string> Examples,
    bool ModeratorOnly = false)
{
    public string Usage => "/" + Name + string.Concat(Options.Select(o => o.Required ? $" {o.Name}:<{o.Name}>" : $" [{o.Name}:<{o.Name}>]"));

    /// <summary>The group of a subcommand ("fact" for "fact add"), null for a plain command.</summary>
    public string? Group => Name.IndexOf(' ', StringComparison.Ordinal) is var space and > 0 ? Name[..space] : null;

    /// <summary>The subcommand's own name ("add" for "fact add"), or the command's name.</summary>
    public string Subcommand => Group is { } group ? Name[(group.Length + 1)..] : Name;

    public CommandOption? Option(string name) =>
        Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Every command TalksBot understands.</summary>
public static class CommandCatalog
{
    public const int MaxQuestionLength = 500;
    public const int MaxFactTextLength = 1000;
    public const int MaxReasonLength = 300;
    public const int MaxUrlLength = 500;
    public const int MaxSourceTitleLength = 200;

    public static IReadOnlyList<CommandDefinition> All { get; } =
    [
        new("positions", "Each party's current position on a topic, sourced and dated",
            [
                new("topic", "The topic, e.g. territory, nato, elections", OptionKind.Topic, Required: true),
                new("party", "Only this party, e.g. russia, ukraine, united-states, europe", OptionKind.Party),
                new("page", "Older positions: page 2, 3 …", OptionKind.Number, MaxLength: 3),
            ],
            ["/positions topic:territory", "/positions topic:nato party:russia", "/positions topic:territory page:2"]),
        new("ask", "Ask a question about the talks in your own words",
            [new("question", "Your question", OptionKind.Text, Required: true, MaxLength: MaxQuestionLength)],
            ["/ask Will Ukraine give up Donetsk?", "/ask What does Russia say about NATO?", "/ask What's the latest on the ceasefire?", "/ask What happened in January 2026?"]),
        new("timeline", "Dated events of the talks, oldest first",
            [
                new("party", "Only events involving this party", OptionKind.Party),
                new("from", "From this date (YYYY, YYYY-MM or YYYY-MM-DD)", OptionKind.Date),
                new("to", "Up to this date (YYYY, YYYY-MM or YYYY-MM-DD)", OptionKind.Date),
                new("page", "Earlier events: page 2, 3 …", OptionKind.Number, MaxLength: 3),
            ],
            ["/timeline", "/timeline party:russia from:2025-12", "/timeline from:2026-01 to:2026-02"]),
        new("sources", "The sources behind a fact or a topic",
            [new("subject", "A fact id (shown under answers) or a topic", OptionKind.FactOrTopic, Required: true)],
            ["/sources territory", "/sources russia-territory-four-regions-and-crimea"]),
        new("topics", "The topics TalksBot knows about", [], ["/topics"]),
        new("about", "What TalksBot knows and how fresh it is", [], ["/about"]),
        new("help", "How to use TalksBot's commands",
            [new("command", "A command to explain, e.g. positions", OptionKind.Command)],
            ["/help", "/help positions"]),

        // Moderators: every change is kept as a revision and can be undone.
        new("fact add", "Add a fact (a form opens for the text and its source)",
            [
                new("topic", "The topic, e.g. territory, nato", OptionKind.Topic, Required: true),
                new("party", "Whose position it is; leave out for an event or background", OptionKind.Party),
                new("text", "The fact in one or two sentences", OptionKind.Text, MaxLength: MaxFactTextLength),
                new("source_url", "The http(s) address of the source", OptionKind.Text, MaxLength: MaxUrlLength),
                new("source_title", "The source's headline", OptionKind.Text, MaxLength: MaxSourceTitleLength),
                new("as_of", "The date the fact is true as of (YYYY-MM-DD, default today)", OptionKind.Date, MaxLength: 10),
                new("source_outlet", "Who published the source (default: its web address's host)", OptionKind.Text, MaxLength: 100),
                new("inbox", "The inbox item the fact comes from (the inbox fills it in)", OptionKind.Text, MaxLength: 24),
            ],
            ["/fact add topic:nato party:russia", "/fact add topic:ceasefire text:\"…\" source_url:https://…"],
            ModeratorOnly: true),
        new("fact edit", "Correct a fact (a form opens, filled in with the current text)",
            [
                new("id", "The fact's id (shown under answers)", OptionKind.FactId, Required: true, MaxLength: 80),
                new("text", "The corrected text", OptionKind.Text, MaxLength: MaxFactTextLength),
                new("source_url", "A new source's http(s) address (replaces the first source)", OptionKind.Text, MaxLength: MaxUrlLength),
                new("source_title", "The new source's headline", OptionKind.Text, MaxLength: MaxSourceTitleLength),
                new("as_of", "The new as-of date (YYYY-MM-DD)", OptionKind.Date, MaxLength: 10),
                new("reason", "Why, for the history", OptionKind.Text, MaxLength: MaxReasonLength),
                new("revision", "The revision you started from (the form fills it in)", OptionKind.Number, MaxLength: 6),
                new("source_outlet", "Who published the new source (default: its web address's host)", OptionKind.Text, MaxLength: 100),
                new("inbox", "The inbox item whose source is added (the inbox fills it in)", OptionKind.Text, MaxLength: 24),
            ],
            ["/fact edit russia-nato-no-membership"],
            ModeratorOnly: true),
        new("fact retract", "Withdraw a wrong fact; it disappears from answers at once",
            [
                new("id", "The fact's id", OptionKind.FactId, Required: true, MaxLength: 80),
                new("reason", "Why it is withdrawn, for the history", OptionKind.Text, Required: true, MaxLength: MaxReasonLength),
            ],
            ["/fact retract russia-nato-no-membership reason:misquoted"],
            ModeratorOnly: true),
        new("fact deprecate", "Mark a fact as superseded; it leaves answers but stays in the history",
            [
                new("id", "The fact's id", OptionKind.FactId, Required: true, MaxLength: 80),
                new("superseded_by", "The fact that replaces it", OptionKind.FactId, MaxLength: 80),
                new("reason", "Why, for the history", OptionKind.Text, MaxLength: MaxReasonLength),
            ],
            ["/fact deprecate old-fact-id superseded_by:new-fact-id"],
            ModeratorOnly: true),
        new("fact restore", "Undo: bring back a retracted or deprecated fact, or an earlier revision",
            [
                new("id", "The fact's id", OptionKind.FactId, Required: true, MaxLength: 80),
                new("revision", "The revision to bring back (see /fact history); default the last current one", OptionKind.Number, MaxLength: 6),
            ],
            ["/fact restore russia-nato-no-membership", "/fact restore russia-nato-no-membership revision:2"],
            ModeratorOnly: true),
        new("fact history", "Every change to a fact: who, when, what",
            [
                new("id", "The fact's id", OptionKind.FactId, Required: true, MaxLength: 80),
                new("page", "Older changes: page 2, 3 …", OptionKind.Number, MaxLength: 3),
            ],
            ["/fact history russia-nato-no-membership"],
            ModeratorOnly: true),
        new("fact show", "A fact with its status, revision and sources",
            [new("id", "The fact's id", OptionKind.FactId, Required: true, MaxLength: 80)],
            ["/fact show russia-nato-no-membership"],
            ModeratorOnly: true),
        new("kb stats", "Facts, sources, changes and feedback in numbers", [], ["/kb stats"], ModeratorOnly: true),
        new("kb stale", "Topics and parties by the age of their newest fact, with recent unanswered questions", [], ["/kb stale"], ModeratorOnly: true),
        new("kb unanswered", "Questions TalksBot could not answer, and answers marked not helpful", [], ["/kb unanswered"], ModeratorOnly: true),
        new("kb export", "The whole knowledge base as YAML, to review and commit", [], ["/kb export"], ModeratorOnly: true),
        new("kb inbox", "News from the watched feeds that may change the knowledge: draft a fact, update one, or dismiss",
            [new("page", "More candidates: page 2, 3 …", OptionKind.Number, MaxLength: 3)],
            ["/kb inbox", "/kb inbox page:2"],
            ModeratorOnly: true),
        new("subscribe", "Post a short card in a channel whenever a fact changes, or the daily news inbox digest",
            [
                new("channel", "The channel (default this one)", OptionKind.Channel),
                new("feed", "changes (default): every fact change; inbox: the daily digest of news candidates", OptionKind.Text, MaxLength: 10),
            ],
            ["/subscribe", "/subscribe channel:#talks-updates", "/subscribe inbox"],
            ModeratorOnly: true),
        new("unsubscribe", "Stop posting fact changes (or the inbox digest) in a channel",
            [
                new("channel", "The channel (default this one)", OptionKind.Channel),
                new("feed", "changes (default) or inbox", OptionKind.Text, MaxLength: 10),
            ],
            ["/unsubscribe", "/unsubscribe inbox"],
            ModeratorOnly: true),
    ];

    /// <summary>The longest message text a check reads; the rest of a longer message is left out.</summary>
    public const int MaxCheckedMessageLength = 2000;

    /// <summary>Discord's name of the message command, shown under Apps; Slack's shortcut has the same.</summary>
    public const string CheckMessageCommandName = "Check with TalksBot";

    /// <summary>
    /// Commands that only buttons and message actions run: routed, limited and counted like every command, but not
    /// registered as slash commands, listed in /help or suggested.
    /// </summary>
    public static IReadOnlyList<CommandDefinition> ButtonOnly { get; } =
    [
        new("feedback", "Mark the answer a button sits under as helpful or not",
            [
                new("fact", "The fact the answer rests on", OptionKind.FactId, Required: true, MaxLength: 80),
                new("verdict", "helpful or unhelpful", OptionKind.Text, Required: true, MaxLength: 12),
            ],
            []),
        new("check", "What the knowledge says about the claims in a message (the message's Apps menu or shortcut)",
            [
                new("text", "The message's text", OptionKind.Text, Required: true, MaxLength: MaxCheckedMessageLength),
                new("message", "The message checked, for sharing the answer under it", OptionKind.Text, MaxLength: 100),
            ],
            []),
        new("inbox", "A moderator's decision on a news inbox candidate: draft, update or dismiss",
            [
                new("action", "draft, update or dismiss (dismissed: the dismiss form's answer)", OptionKind.Text, Required: true, MaxLength: 10),
                new("id", "The candidate", OptionKind.Text, Required: true, MaxLength: 24),
                new("reason", "Why it is dismissed (optional)", OptionKind.Text, MaxLength: MaxReasonLength),
            ],
            [],
            ModeratorOnly: true),
        new("share", "Post a check's answer publicly under the message it checked",
            [
                new("message", "The message checked", OptionKind.Text, Required: true, MaxLength: 100),
                new("facts", "The facts the check showed", OptionKind.Text, Required: true, MaxLength: 100),
                new("quoted", "The superseded fact the message quoted", OptionKind.Text, MaxLength: 20),
            ],
            []),
    ];

    /// <summary>The groups of subcommands ("fact", "kb"), each with its subcommands in catalogue order.</summary>
    public static IReadOnlyList<IGrouping<string, CommandDefinition>> Groups { get; } =
        All.Where(c => c.Group is not null).GroupBy(c => c.Group!).ToList();

    /// <summary>A command by name ("positions", "/fact add", "feedback"); extra spaces between a group and its subcommand are fine.</summary>
    public static CommandDefinition? Find(string name)
    {
        var normalized = string.Join(' ', name.TrimStart('/').Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return All.Concat(ButtonOnly).FirstOrDefault(c => string.Equals(c.Name, normalized, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The subcommands of a group ("fact"), empty when it is no group.</summary>
    public static IReadOnlyList<CommandDefinition> InGroup(string group) =>
        Groups.FirstOrDefault(g => string.Equals(g.Key, group.TrimStart('/'), StringComparison.OrdinalIgnoreCase))?.ToList() ?? [];
}
