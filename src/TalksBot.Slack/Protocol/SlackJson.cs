using System.Text.Json.Serialization;

namespace TalksBot.Slack.Protocol;

/// <summary>
/// Source-generated JSON for every Slack payload TalksBot reads or writes: snake_case names, nulls left out, unknown fields
/// ignored (Slack adds fields every month), and a missing required field, a null where none may be or a wrongly typed value
/// a malformed payload.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(SocketModeFrame))]
[JsonSerializable(typeof(SocketModeAck))]
[JsonSerializable(typeof(SlashCommandPayload))]
[JsonSerializable(typeof(InteractionPayload))]
[JsonSerializable(typeof(EventsRequest))]
[JsonSerializable(typeof(MessageEvent))]
[JsonSerializable(typeof(UrlVerificationAnswer))]
[JsonSerializable(typeof(SlackResponse))]
[JsonSerializable(typeof(BlockKitMessage))]
[JsonSerializable(typeof(ModalView))]
[JsonSerializable(typeof(ModalMetadata))]
[JsonSerializable(typeof(SlackAnswer))]
[JsonSerializable(typeof(ConnectionsOpenAnswer))]
[JsonSerializable(typeof(UserInfoAnswer))]
[JsonSerializable(typeof(UserGroupUsersAnswer))]
[JsonSerializable(typeof(UploadUrlAnswer))]
[JsonSerializable(typeof(OpenViewRequest))]
[JsonSerializable(typeof(CompleteUploadRequest))]
internal sealed partial class SlackJson : JsonSerializerContext;
