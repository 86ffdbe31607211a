using System.Text.Json;
using System.Text.Unicode;
using TalksBot.Discord.Api;
using TalksBot.Platform.WebSockets;

namespace TalksBot.Discord.Interactions;

/// <summary>
/// Reads an interaction from the network — the body POSTed to the endpoint, or INTERACTION_CREATE's d — and checks it
/// beyond its JSON shape: a snowflake id, a token, the data its type needs, a caller, option values of their declared
/// types. Anything else throws <see cref="MalformedMessageException"/>: 400 over HTTP, a dropped connection on the gateway.
/// </summary>
internal static class InteractionPayload
{
    private const int MaxTokenLength = 1000;

    /// <summary>The interaction in a request body (UTF-8 JSON).</summary>
    public static Interaction Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (!Utf8.IsValid(utf8Json))
        {
            throw new MalformedMessageException("The interaction is not valid UTF-8.");
        }

        return Checked(PayloadJson.Deserialize(utf8Json, DiscordJson.Default.Interaction));
    }

    /// <summary>Returns <paramref name="interaction"/>, or throws when it cannot be a real interaction.</summary>
    public static Interaction Checked(Interaction interaction)
    {
        if (Problem(interaction) is { } problem)
        {
            throw new MalformedMessageException($"Interaction {(IsSnowflake(interaction.Id) ? interaction.Id : "(bad id)")}: {problem}.");
        }

        return interaction;
    }

    public static bool IsSnowflake(string? value) => value is { Length: >= 1 and <= 20 } && value.All(char.IsAsciiDigit);

    private static string? Problem(Interaction interaction)
    {
        if (!IsSnowflake(interaction.Id))
        {
            return "the id is not a snowflake";
        }

        if (interaction.Token.Length is 0 or > MaxTokenLength)
        {
            return "no usable token";
        }

        if (interaction.Type == InteractionType.Ping)
        {
            return null;
        }

        if (interaction.Caller is not { } caller || !IsSnowflake(caller.Id))
        {
            return "no caller";
        }

        var data = interaction.Data;
        return interaction.Type switch
        {
            InteractionType.ApplicationCommand when data?.Type == ApplicationCommandType.Message => string.IsNullOrEmpty(data.Name)
                ? "a command without a name"
                : TargetProblem(data),
            InteractionType.ApplicationCommand or InteractionType.Autocomplete => string.IsNullOrEmpty(data?.Name)
                ? "a command without a name"
                : OptionsProblem(data.Options, partial: interaction.Type == InteractionType.Autocomplete),
            InteractionType.MessageComponent => data?.CustomId is null ? "a component without a custom id" : null,
            InteractionType.ModalSubmit => data?.CustomId is null ? "a modal submission without a custom id" : ComponentsProblem(data.Components),
            _ => null,
        };
    }

    /// <summary>A message command names its target message, which Discord resolves into the payload.</summary>
    private static string? TargetProblem(InteractionData data) =>
        IsSnowflake(data.TargetId) && data.Resolved?.Messages?.GetValueOrDefault(data.TargetId!) is { } target && target.Id == data.TargetId
            ? null
            : "a message command without its target message";

    /// <param name="options">The options, subcommands holding theirs.</param>
    /// <param name="partial">An autocomplete interaction: a command still being typed, whose numbers arrive as the strings typed so far.</param>
    private static string? OptionsProblem(IReadOnlyList<InteractionOption>? options, bool partial)
    {
        foreach (var option in options ?? [])
        {
            if (option.IsSubcommand)
            {
                if (option.Value.ValueKind != JsonValueKind.Undefined || OptionsProblem(option.Options, partial) is not null)
                {
                    return $"subcommand '{option.Name}' is malformed";
                }

                continue;
            }

            var matches = (partial && option.Value.ValueKind == JsonValueKind.String) || option.Type switch
            {
                ApplicationCommandOptionType.Integer or ApplicationCommandOptionType.Number => option.Value.ValueKind == JsonValueKind.Number,
                ApplicationCommandOptionType.Boolean => option.Value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                // Strings, and the ids of users, channels, roles and attachments; autocomplete sends what was typed so far.
                _ => option.Value.ValueKind == JsonValueKind.String,
            };
            if (!matches || option.Options is not null)
            {
                return $"option '{option.Name}' does not hold a {option.Type} value";
            }
        }

        return null;
    }

    private static string? ComponentsProblem(IReadOnlyList<SubmittedComponent>? rows)
    {
        foreach (var row in rows ?? [])
        {
            foreach (var input in row.Components ?? [])
            {
                if (input.Type == ComponentType.TextInput && input.CustomId is null)
                {
                    return "a text input without a custom id";
                }
            }
        }

        return null;
    }
}
