using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Discord.Rendering;
using TalksBot.Discord.Rest;

namespace TalksBot.Discord.Interactions;

/// <summary>Discord's interaction types.</summary>
internal enum InteractionType
{
    Ping = 1,
    ApplicationCommand = 2,
    MessageComponent = 3,
    Autocomplete = 4,
    ModalSubmit = 5,
}

/// <summary>
/// Answers one interaction, whichever way it arrived: commands through the router, autocomplete from the knowledge,
/// buttons as commands or feedback, modal submissions as commands. Every interaction gets exactly one response within
/// Discord's 3 s: directly, or deferred and then edited. A failure still answers, with an ephemeral apology.
/// </summary>
internal sealed class InteractionProcessor(
    CommandRouter router,
    CommandTextParser parser,
    Autocomplete autocomplete,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    DiscordTuning tuning,
    TimeProvider time,
    ILogger<InteractionProcessor> logger)
{
    public const string Platform = "discord";
    private const int AdministratorPermission = 8;
    private static readonly TimeSpan DeliveryWait = TimeSpan.FromSeconds(3);

    public async Task ProcessAsync(JsonObject interaction, IInteractionResponder responder, CancellationToken cancellationToken)
    {
        var id = interaction["id"]?.GetValue<string>() ?? "?";
        var type = (InteractionType)(interaction["type"]?.GetValue<int>() ?? 0);
        var responded = false;
        async Task Respond(JsonObject response)
        {
            responded = true;
            await responder.RespondAsync(response, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            switch (type)
            {
                case InteractionType.Ping:
                    await Respond(new JsonObject { ["type"] = 1 }).ConfigureAwait(false);
                    break;
                case InteractionType.Autocomplete:
                    await Respond(AutocompleteResponse(interaction)).ConfigureAwait(false);
                    break;
                case InteractionType.ApplicationCommand:
                case InteractionType.MessageComponent:
                case InteractionType.ModalSubmit:
                    await AnswerAsync(interaction, type, Respond, responder.Delivered, cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    await Respond(Message(Reply.Error("Not supported", "TalksBot does not handle this kind of interaction."))).ConfigureAwait(false);
                    break;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            Log.InteractionFailed(logger, id, type.ToString(), exception);
            var apology = Message(Reply.Error("Something went wrong", "TalksBot could not answer this time. The error was logged; please try again."));
            try
            {
                if (!responded)
                {
                    await Respond(apology).ConfigureAwait(false);
                }
                else if (interaction["token"]?.GetValue<string>() is { } token)
                {
                    await rest.EditOriginalResponseAsync(token, (JsonObject)apology["data"]!, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (Exception responseFailure) when (responseFailure is not OperationCanceledException)
            {
                Log.ResponseFailed(logger, id, responseFailure);
            }
        }
    }

    /// <summary>
    /// Runs the command; answers at once when it is quick, otherwise defers first and edits the original when done.
    /// A form opens as a modal, which must be the first response; files go with an edit of the deferred original.
    /// </summary>
    private async Task AnswerAsync(JsonObject interaction, InteractionType type, Func<JsonObject, Task> respond, Task delivered, CancellationToken cancellationToken)
    {
        var caller = Caller(interaction);
        var data = interaction["data"] as JsonObject ?? [];
        var parsed = Parse(type, data);
        var work = parsed.Error is not null
            ? Task.FromResult(Reply.Error($"/{parsed.Name}", parsed.Error))
            : router.RouteAsync(new CommandInvocation(parsed.Name, parsed.Options, caller, interaction["channel_id"]?.GetValue<string>() ?? "", Platform), cancellationToken);

        // A button press answers the presser alone, so a shared answer is not repeated for the whole channel.
        var ephemeralAnswer = type == InteractionType.MessageComponent;
        var id = interaction["id"]?.GetValue<string>() ?? "?";
        var deadline = Task.Delay(tuning.DeferAfter, time, cancellationToken);
        if (await Task.WhenAny(work, deadline).ConfigureAwait(false) == work)
        {
            var reply = await work.ConfigureAwait(false);
            reply = ephemeralAnswer ? reply with { Ephemeral = true } : reply;
            if (reply.Form is { } form)
            {
                await respond(FormResponse(id, form, type)).ConfigureAwait(false);
                return;
            }

            if (reply.Files.Count == 0)
            {
                await respond(Message(reply)).ConfigureAwait(false);
                return;
            }

            await respond(Deferred(reply.Ephemeral)).ConfigureAwait(false);
            await EditOriginalAsync(interaction, reply, delivered, cancellationToken).ConfigureAwait(false);
            return;
        }

        await respond(Deferred(ephemeralAnswer)).ConfigureAwait(false);
        var late = await work.ConfigureAwait(false);
        if (late.Form is not null)
        {
            // Discord shows a modal only as the first response, and that was the deferral.
            Log.FormNotShown(logger, id, late.Form.Command, "the command took too long to open it");
            late = Reply.Error("The form did not open", $"TalksBot took too long to prepare the form for /{late.Form.Command}. Please run the command again.");
        }

        await EditOriginalAsync(interaction, late, delivered, cancellationToken).ConfigureAwait(false);
    }

    private JsonObject FormResponse(string interactionId, ReplyForm form, InteractionType type)
    {
        if (type == InteractionType.ModalSubmit)
        {
            Log.FormNotShown(logger, interactionId, form.Command, "a form cannot answer a form");
            return Message(Reply.Error("Another form", $"/{form.Command} wanted to open a form in answer to a form, which Discord does not allow. Please run /{form.Command} again."));
        }

        var (modal, problem) = DiscordModals.Render(form);
        if (modal is not null)
        {
            return modal;
        }

        Log.FormNotShown(logger, interactionId, form.Command, problem!);
        return Message(Reply.Error("The form cannot open", $"Discord cannot show the form for /{form.Command}: {problem}. Give the values as options instead."));
    }

    private async Task EditOriginalAsync(JsonObject interaction, Reply reply, Task delivered, CancellationToken cancellationToken)
    {
        try
        {
            // Over HTTP the deferral travels in our response to Discord's request; an edit that overtakes it finds no original.
            await delivered.WaitAsync(DeliveryWait, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Try the edit anyway; if Discord did not get the deferral, the edit's error is logged.
        }

        var token = interaction["token"]?.GetValue<string>() ?? throw new InvalidOperationException("The interaction has no token.");
        var edit = EmbedRenderer.Render(reply);
        // The deferral decided who sees the message; an edit cannot change it.
        edit.Remove("flags");
        await rest.EditOriginalResponseAsync(token, edit, reply.Files, cancellationToken).ConfigureAwait(false);
    }

    private static JsonObject Deferred(bool ephemeral) => new()
    {
        ["type"] = 5,
        ["data"] = ephemeral ? new JsonObject { ["flags"] = EmbedRenderer.EphemeralFlag } : new JsonObject(),
    };

    private ParsedCommand Parse(InteractionType type, JsonObject data)
    {
        if (type == InteractionType.MessageComponent)
        {
            return ButtonAction(data) is { } action
                ? parser.ParseAction(action)
                : new ParsedCommand("button", new Dictionary<string, string>(), "This button is no longer supported.");
        }

        if (type == InteractionType.ModalSubmit)
        {
            return DiscordModals.Parse(data);
        }

        var (name, options) = CommandOf(data);
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var option in options)
        {
            if (option["name"]?.GetValue<string>() is { } optionName && option["value"] is JsonValue value)
            {
                // Strings as they are, numbers invariant; a channel option's value is the channel's id.
                values[optionName] = value.ToString();
            }
        }

        return new ParsedCommand(name, values, null);
    }

    /// <summary>
    /// The catalogue name and the options of an invoked command: "fact add" with the options inside the subcommand
    /// (option type 1) — and a subcommand group's (type 2) name too, should one appear.
    /// </summary>
    private static (string Name, IReadOnlyList<JsonObject> Options) CommandOf(JsonObject data)
    {
        var name = data["name"]?.GetValue<string>() ?? "";
        var options = (data["options"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        while (options is [var nested] && nested["type"]?.GetValue<int>() is 1 or 2)
        {
            name += " " + nested["name"]?.GetValue<string>();
            options = (nested["options"] as JsonArray ?? []).OfType<JsonObject>().ToList();
        }

        return (name, options);
    }

    private JsonObject AutocompleteResponse(JsonObject interaction)
    {
        var data = interaction["data"] as JsonObject ?? [];
        var (name, options) = CommandOf(data);
        var focused = options.FirstOrDefault(o => o["focused"]?.GetValue<bool>() == true);
        var definition = focused is null ? null : CommandCatalog.Find(name)?.Option(focused["name"]!.GetValue<string>());
        var choices = new JsonArray();
        if (definition is not null)
        {
            foreach (var suggestion in autocomplete.Suggest(definition.Kind, focused!["value"]?.ToString() ?? ""))
            {
                choices.Add(new JsonObject
                {
                    ["name"] = EmbedRenderer.Trim(suggestion.Name, 100),
                    ["value"] = EmbedRenderer.Trim(suggestion.Value, 100),
                });
            }
        }

        return new JsonObject { ["type"] = 8, ["data"] = new JsonObject { ["choices"] = choices } };
    }

    private CommandCaller Caller(JsonObject interaction)
    {
        var member = interaction["member"] as JsonObject;
        var user = (member?["user"] ?? interaction["user"]) as JsonObject ?? [];
        var roles = (member?["roles"] as JsonArray ?? []).Select(r => r?.GetValue<string>() ?? "").Where(r => r.Length > 0).ToList();
        var permissions = BigInteger.TryParse(member?["permissions"]?.GetValue<string>() ?? "0", NumberStyles.None, CultureInfo.InvariantCulture, out var bits) ? bits : BigInteger.Zero;
        var settings = options.Value;
        var isModerator = member is not null &&
            (((permissions & AdministratorPermission) != 0) ||
             ((permissions & settings.ModeratorPermission) == settings.ModeratorPermission && settings.ModeratorPermission != 0) ||
             (settings.ModeratorRoleId is not null && roles.Contains(settings.ModeratorRoleId)));
        var name = user["global_name"]?.GetValue<string>() ?? user["username"]?.GetValue<string>() ?? "someone";
        return new CommandCaller(user["id"]?.GetValue<string>() ?? "unknown", name, roles, isModerator);
    }

    private static string? ButtonAction(JsonObject data) =>
        data["custom_id"]?.GetValue<string>() is { } customId && customId.StartsWith(EmbedRenderer.RunPrefix, StringComparison.Ordinal)
            ? customId[EmbedRenderer.RunPrefix.Length..]
            : null;

    private static JsonObject Message(Reply reply) => new() { ["type"] = 4, ["data"] = EmbedRenderer.Render(reply) };
}
