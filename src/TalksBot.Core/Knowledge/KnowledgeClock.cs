using Microsoft.Extensions.Options;
using TalksBot.Core.Cards;

namespace TalksBot.Core.Knowledge;

/// <summary>
/// What day it is for answers: the UTC date of the <see cref="TimeProvider"/>, or <see cref="KnowledgeOptions.Today"/>
/// when a run fixes it (<c>--now</c>), and when a fact counts as possibly out of date.
/// </summary>
public sealed class KnowledgeClock(TimeProvider time, IOptions<KnowledgeOptions> options)
{
    /// <summary>A clock for tests and tools: the given provider, the default stale limit.</summary>
    public KnowledgeClock(TimeProvider time)
        : this(time, Options.Create(new KnowledgeOptions()))
    {
    }

    public DateOnly Today => options.Value.Today ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    public int StaleAfterDays => options.Value.StaleAfterDays;

    /// <summary>True when a fact of this date is older than <see cref="StaleAfterDays"/>.</summary>
    public bool IsStale(DateOnly date) => FactAge.IsStale(date, Today, StaleAfterDays);
}
