using Microsoft.Extensions.Logging;

namespace TalksBot;

/// <summary>The host's log messages (event ids 5xxx).</summary>
internal static partial class Log
{
    [LoggerMessage(5001, LogLevel.Information, "No platform token is configured: starting the local console bot")]
    public static partial void StartingConsoleBot(ILogger logger);

    [LoggerMessage(5002, LogLevel.Information, "Knowledge ready in {TotalMs:F0} ms (database {OpenMs:F0} ms, import {ImportMs:F0} ms, lexical index {LexicalMs:F0} ms, semantic index {SemanticMs:F0} ms, {Encoded} facts encoded)")]
    public static partial void KnowledgeReady(ILogger logger, double totalMs, double openMs, double importMs, double lexicalMs, double semanticMs, int encoded);

    [LoggerMessage(5003, LogLevel.Error, "{Service} failed: {Problem} ({ExceptionType}); the bot stops with exit code {ExitCode}")]
    public static partial void HostedServiceFailed(ILogger logger, string service, string problem, string exceptionType, int exitCode);

    [LoggerMessage(5004, LogLevel.Debug, "{Service} failed")]
    public static partial void HostedServiceFailure(ILogger logger, string service, Exception exception);

    [LoggerMessage(5010, LogLevel.Information, "Feed {Feed}: {Fetched} items, {Opened} new candidates, {Merged} joined known stories, {Dropped} not relevant")]
    public static partial void FeedPolled(ILogger logger, string feed, int fetched, int opened, int merged, int dropped);

    [LoggerMessage(5011, LogLevel.Warning, "Feed {Feed} failed ({Problem}); {Failures} failures in a row, next try in {BackoffMinutes:F0} min")]
    public static partial void FeedFailed(ILogger logger, string feed, string problem, int failures, double backoffMinutes);

    [LoggerMessage(5012, LogLevel.Warning, "The news inbox could not use the knowledge store ({Problem}); trying again in a minute")]
    public static partial void IntakeStoreFailed(ILogger logger, string problem);

    [LoggerMessage(5013, LogLevel.Information, "Inbox digest posted to {Channel} ({Candidates} candidates)")]
    public static partial void DigestPosted(ILogger logger, string channel, int candidates);

    [LoggerMessage(5014, LogLevel.Warning, "Inbox digest not posted to {Channel}: {Problem}")]
    public static partial void DigestNotPosted(ILogger logger, string channel, string problem);
}
