using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TalksBot.Testing;

namespace TalksBot.Discord.Tests.Fakes;

/// <summary>One WebSocket connection to the fake gateway, with the session it identified or resumed.</summary>
internal sealed class GatewayConnection(int number, WebSocket socket, HttpContext httpContext, CancellationTokenSource cancellation)
    : LoopbackWebSocketConnection(number, socket, httpContext, cancellation)
{
    public GatewaySession? Session { get; set; }

    /// <summary>READY or RESUMED was sent on this connection.</summary>
    public bool Ready { get; set; }
}

/// <summary>A gateway session: its sequence numbering and the dispatches it sent (for RESUME replay).</summary>
internal sealed class GatewaySession(string id, int shardId, int shardCount)
{
    private const int MaxHistory = 1000;
    private readonly List<(int Sequence, string EventName, string Json)> _history = [];

    public string Id => id;

    public int ShardId => shardId;

    public int ShardCount => shardCount;

    public Lock Lock { get; } = new();

    /// <summary>The last sequence number used.</summary>
    public int Sequence { get; private set; }

    public bool Resumable { get; set; } = true;

    /// <summary>The intents IDENTIFY asked for: which messages the session gets, and whether with their content.</summary>
    public long Intents { get; init; }

    public GatewayConnection? Connection { get; set; }

    /// <summary>Takes the next sequence number and records the dispatch. Call under <see cref="Lock"/>.</summary>
    public string NextDispatch(string eventName, JsonNode? data)
    {
        var sequence = ++Sequence;
        var json = new JsonObject
        {
            ["op"] = 0,
            ["t"] = eventName,
            ["s"] = sequence,
            ["d"] = data,
        }.ToJsonString();
        _history.Add((sequence, eventName, json));
        if (_history.Count > MaxHistory)
        {
            _history.RemoveAt(0);
        }

        return json;
    }

    /// <summary>Dispatches with s greater than <paramref name="sequence"/>, without READY/RESUMED. Call under <see cref="Lock"/>.</summary>
    public List<string> After(int sequence) =>
        [.. _history.Where(h => h.Sequence > sequence && h.EventName is not ("READY" or "RESUMED")).Select(h => h.Json)];
}
