using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Delivery;
using TalksBot.Discord.Api;
using TalksBot.Discord.Rendering;
using TalksBot.Discord.Rest;

namespace TalksBot.Discord.Interactions;

/// <summary>
/// Translates an interaction, however it arrived, onto Core's <see cref="AnswerPipeline"/>: a command, a button press or
/// a form submission becomes a <see cref="CommandInvocation"/> (or an error <see cref="Reply"/> when it cannot be one),
/// answered through an <see cref="InteractionReplyChannel"/>. PING and autocomplete are answered directly, without the
/// router. Interactions are claimed in the delivery log first, so a replayed one is never run twice.
/// </summary>
internal sealed class InteractionProcessor(
    AnswerPipeline pipeline,
    CommandTextParser parser,
    Autocomplete autocomplete,
    IDeliveryLog deliveries,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    DiscordTuning tuning,
    TimeProvider time,
    ILogger<InteractionProcessor> logger)
{
    public const string Platform = "discord";

    /// <summary>How long an interaction id is remembered: the life of its token, after which Discord refuses any answer.</summary>
    public static readonly TimeSpan ReplayWindow = TimeSpan.FromMinutes(15);

    private const string CheckCommand = "check";
    private const int MaxChoices = 25;
    private const int MaxChoiceLength = 100;

    /// <summary>
    /// True the first time an interaction is seen; false for a replay (the same id within <see cref="ReplayWindow"/>).
    /// A PING changes nothing and is always answered.
    /// </summary>
    public ValueTask<bool> ClaimAsync(Interaction interaction, CancellationToken cancellationToken) =>
        interaction.Type == InteractionType.Ping
            ? ValueTask.FromResult(true)
            : deliveries.TryClaimAsync($"discord:interaction:{interaction.Id}", ReplayWindow, cancellationToken);

    public async Task ProcessAsync(Interaction interaction, IInteractionResponder responder, CancellationToken cancellationToken)
    {
        switch (interaction.Type)
        {
            case InteractionType.Ping:
                await RespondDirectlyAsync(interaction, responder, () => InteractionResponse.Pong, cancellationToken).ConfigureAwait(false);
                return;
            case InteractionType.Autocomplete:
                await RespondDirectlyAsync(interaction, responder, () => AutocompleteResponse(interaction), cancellationToken).ConfigureAwait(false);
                return;
        }

        var channel = new InteractionReplyChannel(interaction, responder, rest, time, logger);
        var checksMessage = interaction is { Type: InteractionType.ApplicationCommand, Data.Type: ApplicationCommandType.Message };
        // A button press answers the presser alone, so a shared answer is not repeated for the whole channel; a check
        // of someone's message is private until the checker shares it.
        var timing = new AnswerTiming(tuning.DeferAfter, Privately: interaction.Type == InteractionType.MessageComponent || checksMessage);
        var parsed = checksMessage ? CheckOf(interaction.Data!) : Parse(interaction);
        if (parsed.Error is not null)
        {
            await pipeline.AnswerAsync(Reply.Error(ErrorTitle(parsed), parsed.Error), Platform, channel, timing, cancellationToken).ConfigureAwait(false);
            return;
        }

        var invocation = new CommandInvocation(parsed.Name, parsed.Options, DiscordCallers.Of(interaction.Caller!, interaction.Member, options.Value), interaction.ChannelId ?? "", Platform);
        await pipeline.AnswerAsync(invocation, channel, timing, cancellationToken).ConfigureAwait(false);
    }

    private static string ErrorTitle(ParsedCommand parsed) => parsed.Name switch
    {
        "" => "Not supported",
        CheckCommand => "Nothing to check",
        _ => $"/{parsed.Name}",
    };

    /// <summary>
    /// "Check with TalksBot" on a message (a message command, data.type 3): <c>check</c> over the target message's text
    /// as members read it, cut to <see cref="CommandCatalog.MaxCheckedMessageLength"/>, with the message's id to share
    /// the answer under it. The payload was checked to hold the target (<see cref="InteractionPayload"/>).
    /// </summary>
    private static ParsedCommand CheckOf(InteractionData data)
    {
        var none = new Dictionary<string, string>();
        if (!string.Equals(data.Name, CommandCatalog.CheckMessageCommandName, StringComparison.Ordinal))
        {
            return new ParsedCommand("", none, "TalksBot does not have this message command any more.");
        }

        var target = data.Resolved!.Messages![data.TargetId!];
        var text = DiscordMarkup.MessageToPlainText(target.Content, botUserId: null, target.Mentions).Trim();
        if (text.Length == 0)
        {
            return new ParsedCommand(CheckCommand, none, "This message has no text for me to check (only attachments, embeds or stickers). Try it on a message with words in it.");
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["text"] = Cut(text, CommandCatalog.MaxCheckedMessageLength),
            ["message"] = target.Id,
        };
        return new ParsedCommand(CheckCommand, options, null);
    }

    /// <summary><paramref name="text"/> cut to <paramref name="max"/> characters, never between the halves of a surrogate pair.</summary>
    private static string Cut(string text, int max)
    {
        if (text.Length <= max)
        {
            return text;
        }

        return char.IsHighSurrogate(text[max - 1]) ? text[..(max - 1)] : text[..max];
    }

    /// <summary>PING and autocomplete: one response, no router; a failure is logged (Discord shows the member no choices).</summary>
    private async Task RespondDirectlyAsync(Interaction interaction, IInteractionResponder responder, Func<InteractionResponse> response, CancellationToken cancellationToken)
    {
        try
        {
            await responder.RespondAsync(response(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.ResponseFailed(logger, interaction.Id, interaction.Type.ToString(), $"{exception.GetType().Name}: {exception.Message}");
        }
    }

    private ParsedCommand Parse(Interaction interaction)
    {
        var data = interaction.Data!;
        switch (interaction.Type)
        {
            case InteractionType.MessageComponent:
                return data.CustomId is { } customId && customId.StartsWith(EmbedRenderer.RunPrefix, StringComparison.Ordinal)
                    ? parser.ParseAction(customId[EmbedRenderer.RunPrefix.Length..])
                    : new ParsedCommand("button", new Dictionary<string, string>(), "This button is no longer supported.");
            case InteractionType.ModalSubmit:
                return WithPlainFreeText(DiscordModals.Parse(data), data.Resolved);
            case InteractionType.ApplicationCommand:
                var (name, options) = CommandOf(data);
                var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
                foreach (var option in options)
                {
                    if (option.ValueText() is { } value)
                    {
                        values[option.Name] = value;
                    }
                }

                return WithPlainFreeText(new ParsedCommand(name, values, null), data.Resolved);
            default:
                return new ParsedCommand("", new Dictionary<string, string>(), "TalksBot does not handle this kind of interaction.");
        }
    }

    /// <summary>What a member typed as free text (options of kind Text, from a slash command or a form) without Discord's markup.</summary>
    private static ParsedCommand WithPlainFreeText(ParsedCommand parsed, InteractionResolved? resolved)
    {
        if (parsed.Error is not null || CommandCatalog.Find(parsed.Name) is not { } definition)
        {
            return parsed;
        }

        var options = new Dictionary<string, string>(parsed.Options, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in parsed.Options)
        {
            if (definition.Option(name)?.Kind == OptionKind.Text)
            {
                options[name] = DiscordMarkup.ToPlainText(value, resolved);
            }
        }

        return parsed with { Options = options };
    }

    /// <summary>
    /// The catalogue name and the options of an invoked command: "fact add" with the options inside the subcommand
    /// (option type 1) — and a subcommand group's (type 2) name too, should one appear.
    /// </summary>
    private static (string Name, IReadOnlyList<InteractionOption> Options) CommandOf(InteractionData data)
    {
        var name = data.Name ?? "";
        var options = data.Options ?? [];
        while (options is [{ IsSubcommand: true } nested])
        {
            name += " " + nested.Name;
            options = nested.Options ?? [];
        }

        return (name, options);
    }

    private InteractionResponse AutocompleteResponse(Interaction interaction)
    {
        var (name, options) = CommandOf(interaction.Data!);
        var focused = options.FirstOrDefault(o => o.Focused == true);
        var choices = new List<AutocompleteChoice>();
        if (focused is not null && CommandCatalog.Find(name)?.Option(focused.Name) is { } definition)
        {
            foreach (var suggestion in autocomplete.Suggest(definition.Kind, focused.ValueText() ?? "", MaxChoices))
            {
                choices.Add(new AutocompleteChoice(EmbedRenderer.Text(suggestion.Name, MaxChoiceLength), EmbedRenderer.Text(suggestion.Value, MaxChoiceLength)));
            }
        }

        return new InteractionResponse(InteractionCallbackType.ApplicationCommandAutocompleteResult, new AutocompleteResult(choices));
    }
}
