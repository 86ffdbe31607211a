using System.Security.Cryptography;
using System.Text;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Knowledge;

/// <summary>What an import of the seed files does to the stored facts, decided the same way by every engine.</summary>
/// <param name="Revised">Facts to write with a new import revision (new ones, and seed facts no moderator touched).</param>
/// <param name="SeedHashCaughtUp">Stored facts whose content the files now match; only their seed hash is updated.</param>
/// <param name="Inserted">How many facts are new.</param>
/// <param name="Updated">How many stored facts the files replace.</param>
/// <param name="Unchanged">How many stay as they are.</param>
/// <param name="Conflicts">Seed facts changed in the files that a moderator had edited: the moderator's version is kept.</param>
internal sealed record SeedImport(
    IReadOnlyList<Fact> Revised,
    IReadOnlyList<Fact> SeedHashCaughtUp,
    int Inserted,
    int Updated,
    int Unchanged,
    IReadOnlyList<ImportConflict> Conflicts)
{
    /// <summary>The hash of a fact's seed content, used to tell a changed seed file from a moderator's edit.</summary>
    public static string HashOf(Fact fact) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(KnowledgeYamlWriter.FactContent(fact))))[..32];

    /// <summary>Every seed fact's hash by id, computed once per import.</summary>
    public static Dictionary<string, string> HashAll(IEnumerable<Fact> seedFacts)
    {
        var hashes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var fact in seedFacts)
        {
            hashes[fact.Id] = HashOf(fact);
        }

        return hashes;
    }

    /// <summary>Decides, fact by fact, what importing <paramref name="seedFacts"/> over the <paramref name="stored"/> facts does.</summary>
    public static SeedImport Plan(IReadOnlyList<Fact> seedFacts, IReadOnlyDictionary<string, string> seedHashes, Func<string, Fact?> stored, DateTimeOffset now)
    {
        var revised = new List<Fact>();
        var caughtUp = new List<Fact>();
        var conflicts = new List<ImportConflict>();
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var seedFact in seedFacts)
        {
            var seedHash = seedHashes[seedFact.Id];
            var existing = stored(seedFact.Id);
            if (existing is null)
            {
                revised.Add(Stamp(seedFact, 1, seedHash, now));
                inserted++;
            }
            else if (existing.SeedHash == seedHash)
            {
                unchanged++;
            }
            else if (HashOf(existing) == seedHash)
            {
                // The files caught up with the database (e.g. a moderator's edit was exported and committed).
                caughtUp.Add(existing with { SeedHash = seedHash });
                unchanged++;
            }
            else if (existing.Origin == FactOrigin.Moderator)
            {
                conflicts.Add(new ImportConflict(existing.Id, existing.UpdatedBy, existing.UpdatedAt));
            }
            else
            {
                revised.Add(Stamp(seedFact, existing.Revision + 1, seedHash, now));
                updated++;
            }
        }

        return new SeedImport(revised, caughtUp, inserted, updated, unchanged, conflicts);
    }

    /// <summary>True when importing <paramref name="seed"/> would change <paramref name="knowledge"/> (so a backup is worth taking first).</summary>
    public static bool WouldChange(KnowledgeSet seed, IReadOnlyDictionary<string, string> seedHashes, KnowledgeSnapshot knowledge) =>
        seed.Facts.Any(f => !knowledge.FactsById.TryGetValue(f.Id, out var existing) ||
                (existing.SeedHash != seedHashes[f.Id] && existing.Origin == FactOrigin.Seed))
            || seed.Parties.Any(p => !knowledge.PartiesById.TryGetValue(p.Id, out var existing) || !SameParty(existing, p))
            || seed.Topics.Any(t => !knowledge.TopicsById.TryGetValue(t.Id, out var existing) || !SameTopic(existing, t))
            || seed.Sources.Any(s => !knowledge.SourcesById.TryGetValue(s.Id, out var existing) || existing != s);

    private static bool SameParty(Party a, Party b) =>
        a.Id == b.Id && a.Name == b.Name && a.Aliases.SequenceEqual(b.Aliases);

    private static bool SameTopic(Topic a, Topic b) =>
        a.Id == b.Id && a.Title == b.Title && a.Description == b.Description && a.Aliases.SequenceEqual(b.Aliases);

    private static Fact Stamp(Fact seedFact, int revision, string seedHash, DateTimeOffset now) => seedFact with
    {
        Revision = revision,
        UpdatedBy = Actor.Seed.DisplayName,
        UpdatedAt = now,
        Origin = FactOrigin.Seed,
        SeedHash = seedHash,
    };
}
