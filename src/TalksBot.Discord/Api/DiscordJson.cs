using System.Text.Json.Serialization;

namespace TalksBot.Discord.Api;

/// <summary>
/// Source-generated JSON for every Discord payload: unknown fields ignored (Discord adds fields every month), required
/// constructor parameters and non-nullable members enforced, no number read from a string, nulls not written.
/// </summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip)]
[JsonSerializable(typeof(GatewayFrame))]
[JsonSerializable(typeof(Hello))]
[JsonSerializable(typeof(Ready))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(GatewayCommand<Identify>))]
[JsonSerializable(typeof(GatewayCommand<Resume>))]
[JsonSerializable(typeof(GatewayCommand<long?>))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(ChannelMessage))]
[JsonSerializable(typeof(PostedMessage))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(IReadOnlyList<ApplicationCommand>))]
[JsonSerializable(typeof(GatewayBot))]
[JsonSerializable(typeof(DiscordError))]
internal sealed partial class DiscordJson : JsonSerializerContext;
