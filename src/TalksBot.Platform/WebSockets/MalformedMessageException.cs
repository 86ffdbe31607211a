namespace TalksBot.Platform.WebSockets;

/// <summary>
/// A message from the network that breaks the protocol: too large, not JSON, a required value missing or null. The
/// <see cref="ReconnectingWebSocket"/> treats it as a dropped connection and reconnects with backoff.
/// </summary>
public sealed class MalformedMessageException : Exception
{
    public MalformedMessageException()
    {
    }

    public MalformedMessageException(string message)
        : base(message)
    {
    }

    public MalformedMessageException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Returns <paramref name="value"/>, or throws when the peer left it out.</summary>
    public static T Required<T>(T? value, string name)
        where T : class =>
        value ?? throw new MalformedMessageException($"The required value '{name}' is missing or null.");

    /// <summary>Returns <paramref name="value"/>, or throws when the peer left it out.</summary>
    public static T Required<T>(T? value, string name)
        where T : struct =>
        value ?? throw new MalformedMessageException($"The required value '{name}' is missing or null.");
}
