using TalksBot.Core.Knowledge;

namespace TalksBot.Core.Queries;

/// <summary>What kind of fact a question's opening asks for: "who is" wants a person, "when"/"where" an event.</summary>
internal readonly record struct QuestionIntent(FactKind? Wanted)
{
    private static readonly string[] PersonOpenings = ["who is ", "who's ", "who are ", "who was ", "who were "];
    private static readonly string[] EventOpenings = ["when ", "where ", "what happened", "what was agreed", "what came of"];

    public static QuestionIntent Of(string question)
    {
        var text = question.TrimStart().ToLowerInvariant();
        if (PersonOpenings.Any(text.StartsWith))
        {
            return new QuestionIntent(FactKind.Person);
        }

        if (text.StartsWith("why ", StringComparison.Ordinal))
        {
            return new QuestionIntent(FactKind.Context);
        }

        return EventOpenings.Any(text.StartsWith) ? new QuestionIntent(FactKind.Event) : new QuestionIntent(null);
    }

    /// <summary>A small score adjustment: a bonus for the wanted kind; who-is entries step back when a person was not asked for.</summary>
    public double Prior(FactKind kind) => (Wanted, kind) switch
    {
        (FactKind.Person, FactKind.Person) => 0.12,
        (FactKind.Event, FactKind.Event) => 0.05,
        (FactKind.Context, FactKind.Context) => 0.05,
        (not FactKind.Person, FactKind.Person) => -0.06,
        _ => 0,
    };
}
