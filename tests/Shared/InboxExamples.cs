using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Intake;

namespace TalksBot.Testing;

/// <summary>
/// A news inbox candidate as the intake would store it, near a real fact of the knowledge (Russia on NATO), for the
/// adapters' tests of /kb inbox and its forms. Linked into the adapter and host test projects.
/// </summary>
internal static class InboxExamples
{
    public const string CandidateId = "n5e1f0a7c";
    public const string NearestFactId = "russia-nato-year-end-no-nato";
    public const string Headline = "Kremlin says Ukraine's neutrality is not negotiable";
    public const string Outlet = "Kyiv Wire";
    public const string SecondOutlet = "Euro Desk";
    public const string Url = "https://news.example.org/2026/11/kremlin-neutrality?id=42&lang=en";
    public const string SecondUrl = "https://eurodesk.example.net/world/kremlin-neutrality";
    public const string Date = "2026-11-20";
    public const string Topic = "nato";
    public const string Party = "russia";

    /// <summary>The candidate, open; <paramref name="id"/> and <paramref name="headline"/> tell several apart.</summary>
    public static InboxCandidate Candidate(string id = CandidateId, string headline = Headline) => new()
    {
        Id = id,
        Headline = headline,
        Summary = "The Kremlin repeated that Ukraine must stay out of NATO before any settlement.",
        Sources =
        [
            new CandidateSource(Outlet, headline, Url, new DateTimeOffset(2026, 11, 20, 7, 30, 0, TimeSpan.Zero)),
            new CandidateSource(SecondOutlet, headline + " (analysis)", SecondUrl, new DateTimeOffset(2026, 11, 20, 9, 0, 0, TimeSpan.Zero)),
        ],
        Date = DateOnly.Parse(Date, System.Globalization.CultureInfo.InvariantCulture),
        Relevance = 0.8,
        PartyId = Party,
        TopicId = Topic,
        Nearest = [new NearFact(NearestFactId, MayUpdate: true, 0.8)],
        FoundAt = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero),
        StoryKeys = [Url],
    };

    /// <summary>Stores <paramref name="candidates"/> (by default the one above) in a running bot's inbox.</summary>
    public static void Seed(IServiceProvider services, params InboxCandidate[] candidates)
    {
        var inbox = services.GetRequiredService<IInboxStore>();
        foreach (var candidate in candidates.Length == 0 ? [Candidate()] : candidates)
        {
            inbox.SaveAsync(candidate).GetAwaiter().GetResult();
        }
    }

    /// <summary>The addresses of <paramref name="factId"/>'s sources, first first.</summary>
    public static List<string> SourceUrls(StoredKnowledge store, string factId = NearestFactId) =>
        [.. store.Snapshot.SourcesOf(store.Snapshot.FactsById[factId]).Select(s => s.Url)];

    /// <summary>
    /// What saving the Draft form with <paramref name="text"/> must leave: a fact on the suggested topic and party, whose
    /// source is the item's link with the outlet as publisher, whose first revision names the item; the item drafted.
    /// </summary>
    public static void AssertDrafted(StoredKnowledge store, string text)
    {
        var fact = store.Snapshot.Facts.Single(f => f.Text == text);
        Assert.Equal((Topic, Party), (fact.Topic, fact.Party));
        var source = store.Snapshot.SourcesOf(fact)[0];
        Assert.Equal((Outlet, Url, Headline), (source.Publisher, source.Url, source.Title));
        Assert.Equal($"from inbox item {CandidateId}", store.History(fact.Id)[0].Reason);
        Assert.Equal(CandidateStatus.Drafted, Stored(store.Services)!.Status);
    }

    /// <summary>What saving the Update form must leave: the item's link in front of the nearest fact's <paramref name="oldSources"/>, published by the outlet; the item updated.</summary>
    public static void AssertUpdated(StoredKnowledge store, IReadOnlyList<string> oldSources)
    {
        Assert.Equal([Url, .. oldSources], SourceUrls(store));
        Assert.Equal(Outlet, store.Snapshot.SourcesOf(store.Snapshot.FactsById[NearestFactId])[0].Publisher);
        Assert.Equal(CandidateStatus.Updated, Stored(store.Services)!.Status);
    }

    /// <summary>The candidate as the store now has it.</summary>
    public static InboxCandidate? Stored(IServiceProvider services, string id = CandidateId) =>
        services.GetRequiredService<IInboxStore>().FindAsync(id).GetAwaiter().GetResult();
}
