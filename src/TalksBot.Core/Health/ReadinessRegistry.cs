namespace TalksBot.Core.Health;

/// <summary>
/// What must be up before the bot can answer, platform-neutral: the knowledge, each gateway's shards, Slack's sockets,
/// the HTTP endpoints. Each part registers once with the number of live connections it needs, reports each connection
/// as it comes up (disposing the lease when it goes down), and <c>/readyz</c> asks for a <see cref="Report"/>.
/// </summary>
public sealed class ReadinessRegistry
{
    private readonly Lock _lock = new();
    private readonly List<ReadinessComponent> _components = [];

    /// <summary>Registers a part that is not ready until <paramref name="required"/> connections are up; the same name returns the same part.</summary>
    public ReadinessComponent Add(string name, int required = 1)
    {
        lock (_lock)
        {
            var existing = _components.Find(c => c.Name == name);
            if (existing is not null)
            {
                existing.Required = required;
                return existing;
            }

            var component = new ReadinessComponent(name, required);
            _components.Add(component);
            return component;
        }
    }

    /// <summary>Ready when every registered part is; the parts in the order they registered.</summary>
    public ReadinessReport Report()
    {
        lock (_lock)
        {
            var parts = _components.Select(c => new ComponentReadiness(c.Name, c.IsReady, c.Connected, c.Required)).ToList();
            return new ReadinessReport(parts.TrueForAll(p => p.Ready), parts);
        }
    }
}

/// <summary>One part of the bot that must be connected: ready while at least <see cref="Required"/> connections are up.</summary>
public sealed class ReadinessComponent
{
    private int _connected;
    private int _required;

    internal ReadinessComponent(string name, int required)
    {
        Name = name;
        _required = required;
    }

    public string Name { get; }

    /// <summary>How many connections must be up (e.g. the number of shards, once known).</summary>
    public int Required
    {
        get => Volatile.Read(ref _required);
        set => Volatile.Write(ref _required, Math.Max(1, value));
    }

    public int Connected => Volatile.Read(ref _connected);

    public bool IsReady => Connected >= Required;

    /// <summary>One connection is up until the returned lease is disposed (disposing twice counts once).</summary>
    public IDisposable Up()
    {
        Interlocked.Increment(ref _connected);
        return new Lease(this);
    }

    private sealed class Lease(ReadinessComponent component) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref component._connected);
            }
        }
    }
}

/// <summary>One part's state in a <see cref="ReadinessReport"/>.</summary>
public sealed record ComponentReadiness(string Name, bool Ready, int Connected, int Required);

/// <summary>Whether the bot can answer, and which parts are not up yet.</summary>
public sealed record ReadinessReport(bool Ready, IReadOnlyList<ComponentReadiness> Components);
