using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Moderation;

/// <summary>What a moderator typed for a new or corrected fact; null fields are left as they are.</summary>
public sealed record FactDraft(string? Text, string? SourceUrl, string? SourceTitle, string? AsOf)
{
    /// <summary>Who published a new source (a news outlet's name); its web address's host when not given.</summary>
    public string? SourcePublisher { get; init; }
}

/// <summary>
/// The moderators' changes to facts: checks every input with a message a person can act on, then saves through the
/// store (fact, revision and announcement in one transaction). Nothing is ever deleted: retract, deprecate and
/// restore are revisions too. After a save it waits briefly for the search indexes to include the change, so the
/// moderator's next /ask finds it; an index that is slower (or fails) never turns the saved change into an error.
/// </summary>
public sealed class FactEditor(IFactStore store, QueryService queries, KnowledgeChangeFeed changes, TimeProvider time, ILogger<FactEditor> logger)
{
    public const int MaxGeneratedIdLength = 60;

    /// <summary>How long a save waits for the search indexes (they usually take a few milliseconds).</summary>
    public static readonly TimeSpan IndexCatchUp = TimeSpan.FromSeconds(1);

    public KnowledgeSnapshot Knowledge => store.Snapshot;

    /// <summary>A fact by id, or a friendly error naming the nearest ids.</summary>
    public Fact Find(string? id)
    {
        var wanted = (id ?? "").Trim();
        if (wanted.Length == 0)
        {
            throw new ModerationException("Which fact?", "Please give the fact's id; it is shown under answers and in /sources.");
        }

        if (store.Snapshot.FactsById.TryGetValue(wanted, out var fact))
        {
            return fact;
        }

        // Typed loosely (Slack has no autocomplete): the start of exactly one id is enough.
        var started = store.Snapshot.Facts.Where(f => f.Id.StartsWith(wanted, StringComparison.OrdinalIgnoreCase)).Take(2).ToList();
        if (wanted.Length >= 6 && started.Count == 1)
        {
            return started[0];
        }

        var nearest = Search.Spelling.Nearest(wanted.ToLowerInvariant(), store.Snapshot.FactsById.Keys);
        throw new ModerationException(
            "Unknown fact",
            $"There is no fact “{UserText.Echo(wanted)}”.{(nearest is null ? "" : $" Did you mean {nearest}?")} Fact ids are shown under answers and in /sources.");
    }

    /// <summary>Adds a fact: a position when a party is named, otherwise background (context).</summary>
    public Task<Fact> AddAsync(string topicText, string? partyText, FactDraft draft, Actor actor, CancellationToken cancellationToken = default) =>
        AddAsync(topicText, partyText, draft, actor, reason: null, cancellationToken);

    /// <summary>Adds a fact; <paramref name="reason"/> goes into its first revision ("from inbox item …").</summary>
    public Task<Fact> AddAsync(string topicText, string? partyText, FactDraft draft, Actor actor, string? reason, CancellationToken cancellationToken = default)
    {
        var topic = queries.FindTopic(topicText);
        if (!topic.Found)
        {
            throw UnknownName("topic", topic);
        }

        Party? party = null;
        if (partyText is not null)
        {
            var lookup = queries.FindParty(partyText);
            party = lookup.Value ?? throw UnknownName("party", lookup);
        }

        var text = CheckText(draft.Text) ?? throw new ModerationException("The text is missing", "Please write the fact in one or two sentences (up to 1000 characters).");
        var url = draft.SourceUrl ?? throw new ModerationException("The source is missing", "Every fact needs a source: give the http(s) address of the page it rests on.");
        var asOf = CheckDate(draft.AsOf) ?? Today();
        var (source, newSource) = SourceFor(url, draft.SourceTitle, draft.SourcePublisher, asOf, actor);
        var fact = new Fact
        {
            Id = NewId(party?.Id, topic.Value!.Id, text),
            Kind = party is null ? FactKind.Context : FactKind.Position,
            Party = party?.Id,
            Topic = topic.Value!.Id,
            AsOf = asOf,
            Text = text,
            Sources = [new SourceRef(source.Id)],
        };
        var why = CheckReason(reason, required: false);
        return SaveAsync(() => store.SaveAsync(fact, RevisionAction.Create, actor, why, expectedRevision: 0, newSource, cancellationToken), draft: null, cancellationToken);
    }

    /// <summary>Corrects a fact against the revision the moderator started from; a save in between refuses the edit.</summary>
    public Task<Fact> EditAsync(string id, FactDraft draft, string? reason, int? startedFrom, Actor actor, CancellationToken cancellationToken = default) =>
        EditAsync(id, draft, reason, startedFrom, actor, addSource: false, cancellationToken);

    /// <summary>
    /// Corrects a fact; a new source address replaces its first source, or with <paramref name="addSource"/> is added in
    /// front of the ones it has (an inbox story that updates the fact).
    /// </summary>
    public async Task<Fact> EditAsync(string id, FactDraft draft, string? reason, int? startedFrom, Actor actor, bool addSource, CancellationToken cancellationToken = default)
    {
        var fact = Find(id);
        var text = CheckText(draft.Text);
        var asOf = CheckDate(draft.AsOf);
        var sources = fact.Sources;
        Source? newSource = null;
        var currentFirst = sources.Count > 0 ? store.Snapshot.SourcesById.GetValueOrDefault(sources[0].SourceId) : null;
        if (draft.SourceUrl is { } url && !SameUrl(url, currentFirst?.Url))
        {
            (var source, newSource) = SourceFor(url, draft.SourceTitle, draft.SourcePublisher, asOf ?? fact.AsOf, actor);
            sources = [new SourceRef(source.Id), .. sources.Skip(addSource ? 0 : 1).Where(s => s.SourceId != source.Id)];
        }

        var edited = fact with
        {
            Text = text ?? fact.Text,
            AsOf = asOf ?? fact.AsOf,

            // A day the moderator gives makes the date day-precise; the form's own first-of-month leaves a month as it was.
            AsOfPrecision = asOf is { } given && given != fact.AsOf ? DatePrecision.Day : fact.AsOfPrecision,
            Sources = sources,
        };
        if (edited.Text == fact.Text && edited.AsOf == fact.AsOf && edited.Sources.SequenceEqual(fact.Sources))
        {
            if (startedFrom is { } started && started != fact.Revision)
            {
                throw await ConflictAsync(new FactRevisionConflictException(fact, started), draft, cancellationToken).ConfigureAwait(false);
            }

            throw new ModerationException("Nothing to change", $"The text, source and date you gave are what {fact.Id} already says (revision {fact.Revision}).");
        }

        var why = CheckReason(reason, required: false);
        return await SaveAsync(() => store.SaveAsync(edited, RevisionAction.Edit, actor, why, startedFrom, newSource, cancellationToken), draft, cancellationToken).ConfigureAwait(false);
    }

    public Task<Fact> RetractAsync(string id, string? reason, Actor actor, CancellationToken cancellationToken = default)
    {
        var fact = Find(id);
        if (fact.Status == FactStatus.Retracted)
        {
            throw new ModerationException("Already retracted", $"{fact.Id} was retracted by {fact.UpdatedBy} ({fact.RetractionReason}). /fact restore {fact.Id} brings it back.");
        }

        var why = CheckReason(reason, required: true)!;
        return SaveAsync(() => store.SaveAsync(fact with { Status = FactStatus.Retracted, RetractionReason = why }, RevisionAction.Retract, actor, why, fact.Revision, cancellationToken: cancellationToken), draft: null, cancellationToken);
    }

    public Task<Fact> DeprecateAsync(string id, string? supersededBy, string? reason, Actor actor, CancellationToken cancellationToken = default)
    {
        var fact = Find(id);
        if (fact.Rank == FactRank.Deprecated)
        {
            throw new ModerationException("Already deprecated", $"{fact.Id} is deprecated already. /fact restore {fact.Id} brings it back.");
        }

        string? replacement = null;
        if (supersededBy is not null)
        {
            var newer = Find(supersededBy);
            if (string.Equals(newer.Id, fact.Id, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModerationException("A fact cannot replace itself", "Name the newer fact that supersedes this one, or leave superseded_by out.");
            }

            replacement = newer.Id;
        }

        var why = CheckReason(reason, required: false);
        return SaveAsync(() => store.SaveAsync(fact with { Rank = FactRank.Deprecated, SupersededBy = replacement }, RevisionAction.Deprecate, actor, why, fact.Revision, cancellationToken: cancellationToken), draft: null, cancellationToken);
    }

    /// <summary>Brings back revision <paramref name="revision"/>, or by default the newest revision in which the fact was current.</summary>
    public async Task<(Fact Fact, int RestoredRevision)> RestoreAsync(string id, string? revision, Actor actor, CancellationToken cancellationToken = default)
    {
        var fact = Find(id);
        var history = await store.HistoryAsync(fact.Id, cancellationToken).ConfigureAwait(false);
        FactRevision target;
        if (revision is not null)
        {
            if (!int.TryParse(revision, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || history.FirstOrDefault(r => r.Revision == number) is not { } found)
            {
                throw new ModerationException("Unknown revision", $"{fact.Id} has revisions 1 to {fact.Revision}; “{UserText.Echo(revision, 12)}” is not one of them. /fact history {fact.Id} lists them.");
            }

            if (number == fact.Revision)
            {
                throw new ModerationException("That is the current revision", $"{fact.Id} is at revision {number} already.");
            }

            target = found;
        }
        else
        {
            if (fact.IsCurrent)
            {
                throw new ModerationException("Nothing to restore", $"{fact.Id} is current. To roll back an edit, name the revision: /fact restore {fact.Id} revision:<n> (see /fact history {fact.Id}).");
            }

            target = history.LastOrDefault(r => r.Snapshot.IsCurrent && r.Revision < fact.Revision)
                ?? throw new ModerationException("Nothing to restore", $"{fact.Id} was never current, so there is no revision to bring back.");
        }

        var old = target.Snapshot;
        var restored = fact with
        {
            Kind = old.Kind,
            Party = old.Party,
            Involves = old.Involves,
            Topic = old.Topic,
            AsOf = old.AsOf,
            AsOfPrecision = old.AsOfPrecision,
            Rank = old.Rank,
            SupersededBy = old.SupersededBy is { } s && store.Snapshot.FactsById.ContainsKey(s) ? s : null,
            Status = old.Status,
            RetractionReason = old.RetractionReason,
            Text = old.Text,
            Sources = old.Sources.Where(r => store.Snapshot.SourcesById.ContainsKey(r.SourceId)).ToList(),
        };
        var saved = await SaveAsync(() => store.SaveAsync(restored, RevisionAction.Restore, actor, $"restored revision {target.Revision}", fact.Revision, cancellationToken: cancellationToken), draft: null, cancellationToken).ConfigureAwait(false);
        return (saved, target.Revision);
    }

    /// <summary>Parses a page or revision number typed as an option; null when absent.</summary>
    public static int? Number(string? text, string what) =>
        text is null ? null
        : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 0 ? number
        : throw new ModerationException($"Bad {what}", $"“{UserText.Echo(text, 12)}” is not a {what} number.");

    /// <summary>Saves; a refused change becomes a message for the moderator. Then waits (bounded) until the search indexes include the change.</summary>
    private async Task<Fact> SaveAsync(Func<Task<Fact>> save, FactDraft? draft, CancellationToken cancellationToken)
    {
        Fact saved;
        try
        {
            saved = await save().ConfigureAwait(false);
        }
        catch (FactRevisionConflictException conflict)
        {
            throw await ConflictAsync(conflict, draft, cancellationToken).ConfigureAwait(false);
        }
        catch (KnowledgeValidationException invalid)
        {
            throw new ModerationException("Not saved", invalid.Message);
        }

        await CatchUpAsync().ConfigureAwait(false);
        return saved;
    }

    /// <summary>
    /// Waits up to <see cref="IndexCatchUp"/> for the indexes to apply everything committed so far, this save included.
    /// Deliberately not cancellable: the change is saved, and the moderator is told so whatever happens next.
    /// </summary>
    private async Task CatchUpAsync()
    {
        var sequence = changes.LastPublished;
        try
        {
            await changes.WaitForAsync(sequence, CancellationToken.None).WaitAsync(IndexCatchUp, time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Log.IndexCatchUpSlow(logger, sequence, IndexCatchUp.TotalMilliseconds);
        }
    }

    /// <summary>The refusal for an edit that started from an old revision: what changed meanwhile, and the moderator's own text so nothing is lost.</summary>
    private async Task<ModerationException> ConflictAsync(FactRevisionConflictException conflict, FactDraft? draft, CancellationToken cancellationToken)
    {
        var current = conflict.Current;
        var message = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{current.UpdatedBy} saved {current.Id} (revision {current.Revision}, {current.UpdatedAt:yyyy-MM-dd HH:mm} UTC) after you opened revision {conflict.ExpectedRevision}. Nothing of yours was saved, and their change stands.\n\n");
        var history = await store.HistoryAsync(current.Id, cancellationToken).ConfigureAwait(false);
        var changed = history.Where(r => r.Revision > conflict.ExpectedRevision).ToList();
        var before = history.FirstOrDefault(r => r.Revision == conflict.ExpectedRevision)?.Snapshot;
        foreach (var revision in changed)
        {
            message.Append(CultureInfo.InvariantCulture, $"• r{revision.Revision} {revision.Action.ToString().ToLowerInvariant()} by {revision.Who}: {ChangeSummary.Describe(before, revision.Snapshot)}\n");
            before = revision.Snapshot;
        }

        message.Append("\nText now: ").Append(current.Text);
        if (draft?.Text is { } yours)
        {
            message.Append("\nYour text: ").Append(yours);
        }

        message.Append(CultureInfo.InvariantCulture, $"\n\nTo apply yours on top, run /fact edit {current.Id} again.");
        return new ModerationException("Someone else saved first", message.ToString());
    }

    private static ModerationException UnknownName<T>(string what, Lookup<T> lookup)
        where T : class =>
        new($"Unknown {what}", Commands.Handlers.NameErrors.Message(what, lookup));

    private static string? CheckText(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var cleaned = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (cleaned.Length == 0)
        {
            throw new ModerationException("The text is empty", "Please write the fact in one or two sentences.");
        }

        if (cleaned.Length > KnowledgeYamlReader.MaxFactTextLength)
        {
            throw new ModerationException("The text is too long", $"The text has {cleaned.Length} characters; the limit is {KnowledgeYamlReader.MaxFactTextLength}. Please shorten it; nothing was saved.\nYour text: {cleaned}");
        }

        return cleaned;
    }

    private static string? CheckReason(string? reason, bool required)
    {
        var cleaned = reason is null ? "" : string.Join(' ', reason.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (cleaned.Length == 0)
        {
            return required ? throw new ModerationException("The reason is missing", "Please say why, in a few words; it is kept in the fact's history.") : null;
        }

        return cleaned.Length <= Commands.CommandCatalog.MaxReasonLength
            ? cleaned
            : throw new ModerationException("The reason is too long", $"The reason has {cleaned.Length} characters; the limit is {Commands.CommandCatalog.MaxReasonLength}.");
    }

    private DateOnly? CheckDate(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (!DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new ModerationException("Bad date", $"“{UserText.Echo(text, 20)}” is not a date. Please write it as YYYY-MM-DD, e.g. {FactCards.Date(Today())}.");
        }

        if (date > Today())
        {
            throw new ModerationException("Date in the future", $"{FactCards.Date(date)} is in the future; a fact is true as of a day that has come (today is {FactCards.Date(Today())}).");
        }

        return date;
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    /// <summary>The source for a URL: the one already known, or a new one (saved with the fact, in its transaction).</summary>
    private (Source Source, Source? New) SourceFor(string url, string? title, string? publisher, DateOnly published, Actor actor)
    {
        var trimmed = url.Trim();
        if (trimmed.Length > Commands.CommandCatalog.MaxUrlLength ||
            !Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || string.IsNullOrEmpty(uri.Host) || trimmed.Any(char.IsWhiteSpace))
        {
            throw new ModerationException("Bad source address", $"“{UserText.Echo(trimmed, 60)}” is not a web address. Sources must start with http:// or https://.");
        }

        if (store.Snapshot.Sources.FirstOrDefault(s => SameUrl(s.Url, trimmed)) is { } known)
        {
            return (known, null);
        }

        var host = uri.Host.StartsWith("www.", StringComparison.OrdinalIgnoreCase) ? uri.Host[4..] : uri.Host;
        var cleanTitle = string.IsNullOrWhiteSpace(title) ? $"Page at {host}" : string.Join(' ', title.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var id = Unique(Slug($"{host.Split('.')[0]}-{published:yyyy-MM-dd}-{cleanTitle}", MaxGeneratedIdLength), store.Snapshot.SourcesById.ContainsKey);
        var outlet = string.IsNullOrWhiteSpace(publisher) ? host : string.Join(' ', publisher.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        var source = new Source(id, cleanTitle, outlet, uri.AbsoluteUri, published, SourceReliability.Normal, $"Added by {actor}");
        return (source, source);
    }

    private static bool SameUrl(string a, string? b) =>
        b is not null && string.Equals(a.Trim().TrimEnd('/'), b.Trim().TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private string NewId(string? party, string topic, string text) =>
        Unique(Slug($"{party ?? "general"}-{topic}-{string.Join('-', text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(6))}", MaxGeneratedIdLength), store.Snapshot.FactsById.ContainsKey);

    private static string Unique(string id, Func<string, bool> taken)
    {
        if (!taken(id))
        {
            return id;
        }

        for (var n = 2; ; n++)
        {
            var candidate = $"{id}-{n}";
            if (!taken(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Lowercase ASCII letters and digits joined by single dashes, cut at a dash.</summary>
    internal static string Slug(string text, int maxLength)
    {
        var slug = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(char.ToLowerInvariant(c));
            }
            else if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark && slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var result = slug.ToString().Trim('-');
        if (result.Length > maxLength)
        {
            var cut = result.LastIndexOf('-', maxLength);
            result = result[..(cut > 10 ? cut : maxLength)].Trim('-');
        }

        return result.Length == 0 ? "fact" : result;
    }
}
