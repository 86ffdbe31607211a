namespace TalksBot.Slack.Tests.Fakes;

/// <summary>Settings of a <see cref="FakeSlack"/>. The defaults behave like Slack for a Socket Mode app with a bot token.</summary>
public sealed class FakeSlackOptions
{
    /// <summary>The valid bot token (xoxb-…) for every Web API method except <c>apps.connections.open</c>.</summary>
    public string BotToken { get; init; } = "xoxb-test_bot_token_not_real";

    /// <summary>The valid app-level token (xapp-…) for <c>apps.connections.open</c>.</summary>
    public string AppToken { get; init; } = "xapp-1-test_app_token_not_real";

    public string TeamId { get; init; } = "T0FAKE";

    public string TeamDomain { get; init; } = "fake-workspace";

    public string AppId { get; init; } = "A0FAKE";

    /// <summary>The bot's own user id (auth.test, <c>user</c> of messages it posts).</summary>
    public string BotUserId { get; init; } = "U0BOT";

    public string BotId { get; init; } = "B0BOT";

    /// <summary>How long after a <c>refresh_requested</c> or <c>warning</c> disconnect the fake closes that socket.</summary>
    public int DisconnectGraceMs { get; init; } = 1000;

    /// <summary>An envelope not acked within this time is recorded in <see cref="FakeSlack.UnackedEnvelopes"/> (Slack: 3 s).</summary>
    public TimeSpan AckTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Redeliver an unacked envelope once (same envelope id, <c>retry_attempt</c> 1, <c>retry_reason</c> "timeout") on the newest live connection.</summary>
    public bool RedeliverUnacked { get; init; }

    /// <summary>Uses of one response_url before it answers 404 <c>used_url</c> (Slack: 5).</summary>
    public int ResponseUrlMaxUses { get; init; } = 5;

    /// <summary>When set, views.open with a trigger_id delivered by the fake longer ago than this → <c>expired_trigger_id</c> (Slack: 3 s). Off by default so slow machines do not flake.</summary>
    public TimeSpan? TriggerIdLifetime { get; init; }

    /// <summary>Default bound for the control methods (SendEnvelopeAsync, SendDisconnectAsync, DropAsync) to find a live connection.</summary>
    public TimeSpan ControlTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
