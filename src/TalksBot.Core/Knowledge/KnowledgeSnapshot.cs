using System.Collections.Frozen;

namespace TalksBot.Core.Knowledge;

/// <summary>An immutable view of the whole knowledge base, swapped atomically after every change so readers never lock.</summary>
public sealed class KnowledgeSnapshot
{
    public KnowledgeSnapshot(KnowledgeSet set)
    {
        Parties = set.Parties.OrderBy(p => p.Id, StringComparer.Ordinal).ToList();
        Topics = set.Topics.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
        Sources = set.Sources.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
        Facts = set.Facts.OrderBy(f => f.Id, StringComparer.Ordinal).ToList();
        PartiesById = Parties.ToFrozenDictionary(p => p.Id, StringComparer.OrdinalIgnoreCase);
        TopicsById = Topics.ToFrozenDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);
        SourcesById = Sources.ToFrozenDictionary(s => s.Id, StringComparer.OrdinalIgnoreCase);
        FactsById = Facts.ToFrozenDictionary(f => f.Id, StringComparer.OrdinalIgnoreCase);
        var current = Facts.Where(f => f.IsCurrent).ToList();
        AsOf = current.Count == 0 ? null : current.Max(f => f.AsOf);
    }

    public static KnowledgeSnapshot Empty { get; } = new(KnowledgeSet.Empty);

    public IReadOnlyList<Party> Parties { get; }

    public IReadOnlyList<Topic> Topics { get; }

    public IReadOnlyList<Source> Sources { get; }

    public IReadOnlyList<Fact> Facts { get; }

    public FrozenDictionary<string, Party> PartiesById { get; }

    public FrozenDictionary<string, Topic> TopicsById { get; }

    public FrozenDictionary<string, Source> SourcesById { get; }

    public FrozenDictionary<string, Fact> FactsById { get; }

    /// <summary>The newest as-of date among current facts: how fresh the knowledge is (its horizon).</summary>
    public DateOnly? AsOf { get; }

    /// <summary>The knowledge's horizon: the newest date of any current fact or event. Nothing after it is known.</summary>
    public DateOnly? Horizon => AsOf;

    public KnowledgeSet ToSet() => new(Parties, Topics, Sources, Facts);

    /// <summary>This snapshot with one fact added or replaced.</summary>
    public KnowledgeSnapshot WithFact(Fact fact) =>
        new(new KnowledgeSet(Parties, Topics, Sources, [.. Facts.Where(f => !string.Equals(f.Id, fact.Id, StringComparison.OrdinalIgnoreCase)), fact]));

    /// <summary>This snapshot with one source added or replaced.</summary>
    public KnowledgeSnapshot WithSource(Source source) =>
        new(new KnowledgeSet(Parties, Topics, [.. Sources.Where(s => !string.Equals(s.Id, source.Id, StringComparison.OrdinalIgnoreCase)), source], Facts));

    /// <summary>The sources a fact cites, in the fact's order; a missing source is skipped rather than failing an answer.</summary>
    public IReadOnlyList<Source> SourcesOf(Fact fact) =>
        fact.Sources.Select(s => SourcesById.GetValueOrDefault(s.SourceId)).OfType<Source>().ToList();
}
