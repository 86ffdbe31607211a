using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using TalksBot.Testing;

namespace TalksBot.Slack.Tests.Fakes;

/// <summary>One Socket Mode WebSocket connection to the fake.</summary>
internal sealed class SocketConnection(int number, WebSocket socket, HttpContext httpContext, CancellationTokenSource cancellation)
    : LoopbackWebSocketConnection(number, socket, httpContext, cancellation)
{
    private int _disconnecting;

    /// <summary>A <c>disconnect</c> was sent: the fake delivers no more envelopes here unless asked by number.</summary>
    public bool Disconnecting => Volatile.Read(ref _disconnecting) != 0;

    public void MarkDisconnecting() => Volatile.Write(ref _disconnecting, 1);
}
