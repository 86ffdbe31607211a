using System.Globalization;
using TalksBot.Core.Cards;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Queries;

namespace TalksBot.Core.Commands.Handlers;

/// <summary>/timeline [party] [from] [to]: dated events, oldest first; long ranges show the most recent events.</summary>
internal sealed class TimelineHandler(QueryService queries, KnowledgeClock clock) : ICommandHandler
{
    public const int MaxEvents = 15;

    public string Name => "timeline";

    public Task<Reply> HandleAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        Party? party = null;
        DateOnly? from = null, to = null;

        // Free text puts words in any order ("/timeline 2025-12 russia"): sort each value into a date or a party.
        foreach (var (name, value) in new[] { ("party", invocation.Option("party")), ("from", invocation.Option("from")), ("to", invocation.Option("to")) })
        {
            if (value is null)
            {
                continue;
            }

            if (TryParsePeriod(value, out var start, out var end))
            {
                if (name == "to" || (name == "party" && from is not null))
                {
                    to = end;
                }
                else if (from is null)
                {
                    from = start;
                }
                else
                {
                    to = end;
                }
            }
            else if (party is null && !LooksLikeDate(value))
            {
                var lookup = queries.FindParty(value);
                if (!lookup.Found)
                {
                    return Task.FromResult(NameErrors.Unknown("party", lookup));
                }

                party = lookup.Value;
            }
            else
            {
                return Task.FromResult(Reply.Error("Bad date", $"“{UserText.Echo(value)}” is not a date. Use YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2025-12 or 2025-12-15."));
            }
        }

        if (invocation.Page() is not { } page)
        {
            return Task.FromResult(Reply.Error("Bad page", $"“{UserText.Echo(invocation.Option("page"))}” is not a page number. Pages start at 1 (the latest events)."));
        }

        if (from is not null && to is not null && from > to)
        {
            return Task.FromResult(Reply.Error("Dates out of order", $"from ({FactCards.Date(from.Value)}) is after to ({FactCards.Date(to.Value)})."));
        }

        return Task.FromResult(Render(queries.Timeline(from, to, party), party, from, to, page));
    }

    internal static bool TryParsePeriod(string text, out DateOnly start, out DateOnly end)
    {
        var value = text.Trim();
        var culture = CultureInfo.InvariantCulture;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", culture, DateTimeStyles.None, out start))
        {
            end = start;
            return true;
        }

        if (DateOnly.TryParseExact(value + "-01", "yyyy-MM-dd", culture, DateTimeStyles.None, out start))
        {
            end = start.AddMonths(1).AddDays(-1);
            return true;
        }

        if (value.Length == 4 && int.TryParse(value, NumberStyles.None, culture, out var year) && year is >= 1900 and <= 2999)
        {
            start = new DateOnly(year, 1, 1);
            end = new DateOnly(year, 12, 31);
            return true;
        }

        end = start = default;
        return false;
    }

    private static bool LooksLikeDate(string value) => value.Length > 0 && char.IsAsciiDigit(value[0]);

    private Reply Render(IReadOnlyList<Fact> events, Party? party, DateOnly? from, DateOnly? to, int page)
    {
        var knowledge = queries.Knowledge;
        var scope = (party is null ? "" : $" · {party.Name}") +
            (from is null && to is null ? "" : $" · {(from is null ? "start" : FactCards.Date(from.Value))} to {(to is null ? "now" : FactCards.Date(to.Value))}");
        if (events.Count == 0)
        {
            return Reply.Of(new Card
            {
                Title = "Timeline" + scope,
                Description = "No events in that range. Try a wider range, or /timeline with no options.",
                Tone = CardTone.Info,
                Footer = FactCards.Footer(clock, knowledge, knowledge.Horizon),
            });
        }

        // Page 1 is the latest events, page 2 the ones before them, and so on.
        var end = Math.Max(0, events.Count - ((page - 1) * MaxEvents));
        var start = Math.Max(0, end - MaxEvents);
        var shown = events.Skip(start).Take(end - start).ToList();
        if (shown.Count == 0)
        {
            return Reply.Error("No such page", $"There are {events.Count} events, {MaxEvents} to a page: pages 1 to {(events.Count + MaxEvents - 1) / MaxEvents}.");
        }

        var note = shown.Count < events.Count ? $"events {start + 1}-{end} of {events.Count}, page {page}" : $"{events.Count} events";
        var buttons = new List<ReplyButton>();
        if (start > 0)
        {
            var options = (party is null ? "" : $" party:{party.Id}") + (from is null ? "" : $" from:{FactCards.Date(from.Value)}") + (to is null ? "" : $" to:{FactCards.Date(to.Value)}");
            buttons.Add(new ReplyButton("Earlier events", $"/timeline{options} page:{page + 1}", ButtonKind.Primary));
        }

        return Reply.Of(new Card
        {
            Title = "Timeline" + scope,
            Description = string.Join("\n", shown.Select(e => $"{FactCards.Date(e)} — {e.Text} ({FactCards.ShortAttribution(knowledge, e)})")),
            Footer = FactCards.Footer(clock, knowledge, shown[^1], note + " · /sources <fact id> for links"),
            PartyId = party?.Id,
            AsOf = shown[^1].AsOf,
        }, [.. buttons]);
    }
}
