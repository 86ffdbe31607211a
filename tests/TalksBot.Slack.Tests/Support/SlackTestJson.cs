using System.Text;
using System.Text.Json.Nodes;
using TalksBot.Platform.WebSockets;
using TalksBot.Slack.Protocol;

namespace TalksBot.Slack.Tests.Support;

/// <summary>The JSON Slack would receive for a typed payload, parsed on the test's side, and typed payloads from JSON a test builds.</summary>
internal static class SlackTestJson
{
    public static JsonObject Node(BlockKitMessage message) => Parse(PayloadJson.Serialize(message, SlackJson.Default.BlockKitMessage));

    public static JsonObject Node(ModalView view) => Parse(PayloadJson.Serialize(view, SlackJson.Default.ModalView));

    public static SubmittedView View(JsonObject json) => PayloadJson.Deserialize(Encoding.UTF8.GetBytes(json.ToJsonString()), SlackJson.Default.SubmittedView);

    private static JsonObject Parse(byte[] json) => (JsonObject)JsonNode.Parse(json)!;
}
