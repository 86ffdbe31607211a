using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using TalksBot.Discord.Api;

namespace TalksBot.Discord.Tests;

/// <summary>The adapter's typed payloads as the JSON Discord receives, for tests that inspect it.</summary>
internal static class DiscordPayloads
{
    public static JsonObject Json(DiscordMessage message) =>
        JsonSerializer.SerializeToNode(message, DiscordJson.Default.DiscordMessage)!.AsObject();

    public static JsonObject Json(InteractionResponse response) =>
        JsonSerializer.SerializeToNode(response, DiscordJson.Default.InteractionResponse)!.AsObject();

    public static JsonArray Json(IReadOnlyList<ApplicationCommand> commands) =>
        JsonSerializer.SerializeToNode(commands, DiscordJson.Default.IReadOnlyListApplicationCommand)!.AsArray();

    public static IReadOnlyList<ApplicationCommand> Commands(JsonArray json) =>
        JsonSerializer.Deserialize(json.ToJsonString(), DiscordJson.Default.IReadOnlyListApplicationCommand)!;

    public static InteractionData Data(JsonObject json) =>
        JsonSerializer.Deserialize(json.ToJsonString(), (JsonTypeInfo<InteractionData>)DiscordJson.Default.GetTypeInfo(typeof(InteractionData))!)!;
}
