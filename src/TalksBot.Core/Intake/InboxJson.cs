using System.Text.Json;
using System.Text.Json.Serialization;

namespace TalksBot.Core.Intake;

/// <summary>How candidates and feed states are kept as documents, in either store.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(InboxCandidate))]
[JsonSerializable(typeof(FeedState))]
internal sealed partial class InboxJson : JsonSerializerContext
{
    public static string Write(InboxCandidate candidate) => JsonSerializer.Serialize(candidate, Default.InboxCandidate);

    public static InboxCandidate ReadCandidate(string json) =>
        JsonSerializer.Deserialize(json, Default.InboxCandidate) ?? throw new JsonException("An inbox candidate document is empty.");

    public static string Write(FeedState state) => JsonSerializer.Serialize(state, Default.FeedState);

    public static FeedState ReadFeedState(string json) =>
        JsonSerializer.Deserialize(json, Default.FeedState) ?? throw new JsonException("A feed state document is empty.");
}
