using System.Collections.Frozen;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using TalksBot.Core.Cards;
using TalksBot.Core.Search;

namespace TalksBot.Core.Commands;

/// <summary>Checks an invocation against the catalogue and hands it to its handler; never lets an exception reach the user.</summary>
public sealed class CommandRouter
{
    private readonly FrozenDictionary<string, ICommandHandler> _handlers;
    private readonly ILogger<CommandRouter> _logger;
    private readonly CommandRateLimiter? _rateLimiter;

    public CommandRouter(IEnumerable<ICommandHandler> handlers, ILogger<CommandRouter> logger, CommandRateLimiter? rateLimiter = null)
    {
        _logger = logger;
        _rateLimiter = rateLimiter;
        var list = handlers.ToList();
        foreach (var duplicate in list.GroupBy(h => h.Name, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException($"Two handlers answer /{duplicate.Key}: {string.Join(", ", duplicate.Select(h => h.GetType().Name))}.");
        }

        foreach (var handler in list.Where(h => CommandCatalog.Find(h.Name) is null))
        {
            throw new InvalidOperationException($"{handler.GetType().Name} answers /{handler.Name}, which the command catalogue does not define.");
        }

        foreach (var command in CommandCatalog.All.Concat(CommandCatalog.ButtonOnly).Where(c => !list.Any(h => string.Equals(h.Name, c.Name, StringComparison.OrdinalIgnoreCase))))
        {
            throw new InvalidOperationException($"The catalogue defines /{command.Name} but no handler answers it.");
        }

        _handlers = list.ToFrozenDictionary(h => h.Name, StringComparer.OrdinalIgnoreCase);
    }

    public async Task<Reply> RouteAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var definition = CommandCatalog.Find(invocation.Name);
        if (definition is null || !_handlers.TryGetValue(definition.Name, out var handler))
        {
            var nearest = Spelling.Nearest(invocation.Name.TrimStart('/'), CommandCatalog.All.Select(c => c.Name));
            var hint = nearest is null ? "" : $" Did you mean /{nearest}?";
            return Reply.Error("Unknown command", $"There is no command /{UserText.Echo(invocation.Name, 32)}.{hint} Type /help to see them all.");
        }

        // From here on the command goes by its catalogue name ("fact add", not "/fact  add").
        invocation = invocation with { Name = definition.Name };
        if (_rateLimiter?.TryAcquire(invocation) is { } wait)
        {
            Log.CommandRateLimited(_logger, definition.Name, invocation.Platform, invocation.Caller.UserId, Seconds(wait));
            return Refused(definition, invocation, SlowDown(wait));
        }

        if (definition.ModeratorOnly && !invocation.Caller.IsModerator)
        {
            Log.ModeratorCommandRefused(_logger, definition.Name, invocation.Platform, invocation.Caller.UserId, invocation.Caller.DisplayName);
            return Refused(definition, invocation, Reply.Error("Not allowed", $"/{definition.Name} changes or reveals the moderators' tools, so only TalksBot moderators can use it. Ask a moderator if a fact needs correcting."));
        }

        if (definition.ModeratorOnly && UnsafeOption(invocation) is { } unsafeOption)
        {
            Log.UnsafeInputRefused(_logger, definition.Name, invocation.Platform, invocation.Caller.UserId, unsafeOption.Option, unsafeOption.Problem);
            return Refused(definition, invocation, Reply.Error(
                $"/{definition.Name}: hidden character in {unsafeOption.Option}",
                $"{unsafeOption.Option} contains {unsafeOption.Problem}. Control and direction-changing characters can hide or reorder text, so TalksBot does not store them. Please remove it and try again."));
        }

        // Members' text loses such characters silently: a question with a zero-width space in a word is still that word.
        invocation = invocation with { Options = Cleaned(invocation.Options) };
        if (Validate(definition, invocation) is { } problem)
        {
            return Refused(definition, invocation, Reply.Error($"/{definition.Name}: {problem.Title}", $"{problem.Message}\nUsage: {definition.Usage}"));
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            var reply = await handler.HandleAsync(invocation, cancellationToken).ConfigureAwait(false);
            Log.CommandAnswered(_logger, definition.Name, invocation.Platform, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            Health.TalksBotMetrics.CommandAnswered(definition.Name, invocation.Platform, reply, Stopwatch.GetElapsedTime(started));
            return reply;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            Log.CommandFailed(_logger, definition.Name, invocation.Platform, exception);
            Health.TalksBotMetrics.CommandFailed(definition.Name, invocation.Platform, Stopwatch.GetElapsedTime(started));
            return Reply.Error("Something went wrong", $"TalksBot could not answer /{definition.Name} this time. The error was logged; please try again.");
        }
    }

    /// <summary>The answer to a member over their limit, who may try again after <paramref name="wait"/>.</summary>
    internal static Reply SlowDown(TimeSpan wait) =>
        Reply.Error("Slow down", $"You are sending commands faster than TalksBot answers them for one person. Please try again in {Seconds(wait)} s.");

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));

    /// <summary>A refusal before the handler runs (too fast, not allowed, bad options): counted like any other answer.</summary>
    private static Reply Refused(CommandDefinition definition, CommandInvocation invocation, Reply reply)
    {
        Health.TalksBotMetrics.CommandAnswered(definition.Name, invocation.Platform, reply, TimeSpan.Zero);
        return reply;
    }

    private static (string Option, string Problem)? UnsafeOption(CommandInvocation invocation)
    {
        foreach (var (name, value) in invocation.Options)
        {
            if (DisplayText.FindUnsafe(value) is { } problem)
            {
                return (UserText.Echo(name, 32), problem);
            }
        }

        return null;
    }

    private static IReadOnlyDictionary<string, string> Cleaned(IReadOnlyDictionary<string, string> options)
    {
        if (options.Values.All(v => DisplayText.FindUnsafe(v) is null))
        {
            return options;
        }

        return options.ToDictionary(p => p.Key, p => DisplayText.Clean(p.Value), StringComparer.OrdinalIgnoreCase);
    }

    private static (string Title, string Message)? Validate(CommandDefinition definition, CommandInvocation invocation)
    {
        foreach (var name in invocation.Options.Keys)
        {
            if (definition.Option(name) is null)
            {
                var known = definition.Options.Count == 0 ? "it takes no options" : $"its options are {string.Join(", ", definition.Options.Select(o => o.Name))}";
                return ("unknown option", $"/{definition.Name} has no option '{UserText.Echo(name, 32)}'; {known}.");
            }
        }

        foreach (var option in definition.Options)
        {
            var value = invocation.Option(option.Name);
            if (option.Required && value is null)
            {
                return ($"{option.Name} is missing", $"Please give {option.Name}: {option.Description.ToLowerInvariant()}.");
            }

            if (value is not null && value.Length > option.MaxLength)
            {
                return ($"{option.Name} is too long", $"{option.Name} has {value.Length} characters; the limit is {option.MaxLength}. Please shorten it.");
            }
        }

        return null;
    }
}
