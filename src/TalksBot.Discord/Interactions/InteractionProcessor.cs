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
    FeedbackButtons feedback,
    DiscordRestClient rest,
    IOptions<DiscordOptions> options,
    DiscordTuning tuning,
    TimeProvider time,
    ILogger<InteractionProcessor> logger)
{
    public const string Platform = "discord";
    public const string ModalPrefix = "modal:";
    private const int AdministratorPermission = 8;

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
                    await AnswerAsync(interaction, type, Respond, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Runs the command; answers at once when it is quick, otherwise defers first and edits the original when done.</summary>
    private async Task AnswerAsync(JsonObject interaction, InteractionType type, Func<JsonObject, Task> respond, CancellationToken cancellationToken)
    {
        var caller = Caller(interaction);
        var data = interaction["data"] as JsonObject ?? [];
        Task<Reply> work;
        if (type == InteractionType.MessageComponent && ButtonAction(data) is { } action && feedback.TryRecord(action, caller, Platform) is { } thanks)
        {
            work = Task.FromResult(thanks);
        }
        else
        {
            var parsed = Parse(type, data);
            work = parsed.Error is not null
                ? Task.FromResult(Reply.Error($"/{parsed.Name}", parsed.Error))
                : router.RouteAsync(new CommandInvocation(parsed.Name, parsed.Options, caller, interaction["channel_id"]?.GetValue<string>() ?? "", Platform), cancellationToken);
        }

        // A button press answers the presser alone, so a shared answer is not repeated for the whole channel.
        var ephemeralAnswer = type == InteractionType.MessageComponent;
        var deadline = Task.Delay(tuning.DeferAfter, time, cancellationToken);
        if (await Task.WhenAny(work, deadline).ConfigureAwait(false) == work)
        {
            var reply = await work.ConfigureAwait(false);
            await respond(Message(ephemeralAnswer ? reply with { Ephemeral = true } : reply)).ConfigureAwait(false);
            return;
        }

        await respond(new JsonObject
        {
            ["type"] = 5,
            ["data"] = ephemeralAnswer ? new JsonObject { ["flags"] = EmbedRenderer.EphemeralFlag } : new JsonObject(),
        }).ConfigureAwait(false);
        var late = await work.ConfigureAwait(false);
        var token = interaction["token"]?.GetValue<string>() ?? throw new InvalidOperationException("The interaction has no token.");
        var edit = EmbedRenderer.Render(late);
        edit.Remove("flags");
        await rest.EditOriginalResponseAsync(token, edit, cancellationToken).ConfigureAwait(false);
    }

    private ParsedCommand Parse(InteractionType type, JsonObject data)
    {
        if (type == InteractionType.MessageComponent)
        {
            var action = ButtonAction(data);
            return action is not null && ButtonActions.IsCommand(action)
                ? parser.Parse(action)
                : new ParsedCommand("button", new Dictionary<string, string>(), "This button is no longer supported.");
        }

        if (type == InteractionType.ModalSubmit)
        {
            var customId = data["custom_id"]?.GetValue<string>() ?? "";
            var name = customId.StartsWith(ModalPrefix, StringComparison.Ordinal) ? customId[ModalPrefix.Length..] : customId;
            var fields = (data["components"] as JsonArray ?? [])
                .SelectMany(row => row?["components"] as JsonArray ?? [])
                .OfType<JsonObject>()
                .Where(c => c["custom_id"] is not null)
                .ToDictionary(c => c["custom_id"]!.GetValue<string>(), c => c["value"]?.GetValue<string>() ?? "", StringComparer.OrdinalIgnoreCase);
            return new ParsedCommand(name, fields, null);
        }

        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var commandName = data["name"]?.GetValue<string>() ?? "";
        foreach (var option in data["options"] as JsonArray ?? [])
        {
            // A subcommand (type 1) contributes its name as "action" and its own options.
            if (option?["type"]?.GetValue<int>() == 1)
            {
                options["action"] = option["name"]!.GetValue<string>();
                foreach (var inner in option["options"] as JsonArray ?? [])
                {
                    AddOption(options, inner);
                }
            }
            else
            {
                AddOption(options, option);
            }
        }

        return new ParsedCommand(commandName, options, null);
    }

    private static void AddOption(Dictionary<string, string> options, JsonNode? option)
    {
        if (option?["name"]?.GetValue<string>() is { } name && option["value"] is JsonValue value)
        {
            options[name] = value.ToString();
        }
    }

    private JsonObject AutocompleteResponse(JsonObject interaction)
    {
        var data = interaction["data"] as JsonObject ?? [];
        var command = CommandCatalog.Find(data["name"]?.GetValue<string>() ?? "");
        var options = (data["options"] as JsonArray ?? []).OfType<JsonObject>()
            .SelectMany(o => o["type"]?.GetValue<int>() == 1 ? (o["options"] as JsonArray ?? []).OfType<JsonObject>() : [o]);
        var focused = options.FirstOrDefault(o => o["focused"]?.GetValue<bool>() == true);
        var definition = focused is null ? null : command?.Option(focused["name"]!.GetValue<string>());
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
