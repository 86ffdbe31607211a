using TalksBot.Discord.Api;

namespace TalksBot.Discord.Gateway;

/// <summary>What a shard's receive loop hands to the workers.</summary>
internal abstract record GatewayWork;

/// <summary>An interaction to answer.</summary>
internal sealed record InteractionWork(Interaction Interaction) : GatewayWork;

/// <summary>A message written to the bot (<paramref name="BotUserId"/>, as the shard's READY named it).</summary>
internal sealed record MessageWork(ChannelMessage Message, string BotUserId) : GatewayWork;
