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

    public CommandOption? Option(string name) =>
        Options.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Every command TalksBot understands.</summary>
public static class CommandCatalog
{
    public const int MaxQuestionLength = 500;

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
            ["/ask Will Ukraine give up Donetsk?", "/ask What does Russia say about NATO?"]),
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
    ];

    public static CommandDefinition? Find(string name) =>
        All.FirstOrDefault(c => string.Equals(c.Name, name.TrimStart('/'), StringComparison.OrdinalIgnoreCase));
}
