namespace TalksBot.Core.Delivery;

/// <summary>
/// Remembers which platform deliveries were handled, so a redelivery, a retry or a replayed request is acted on once.
/// Keys name the platform and the delivery: <c>discord:interaction:&lt;id&gt;</c>, <c>slack:trigger:&lt;id&gt;</c>.
/// </summary>
/// <remarks>
/// The embedded default (<see cref="MemoryDeliveryLog"/>) serves one process; a store shared by several instances
/// implements the same claim in the database, so a delivery that reaches two instances is still handled once.
/// </remarks>
public interface IDeliveryLog
{
    /// <summary>
    /// Claims <paramref name="key"/> for <paramref name="lifetime"/>: true for the first claim, false while an earlier claim
    /// lives. Atomic: of concurrent claims of one key exactly one wins.
    /// </summary>
    ValueTask<bool> TryClaimAsync(string key, TimeSpan lifetime, CancellationToken cancellationToken);

    /// <summary>Forgets the claim of <paramref name="key"/>: the work it stood for did not happen after all, and may be tried again.</summary>
    ValueTask ReleaseAsync(string key, CancellationToken cancellationToken);
}
