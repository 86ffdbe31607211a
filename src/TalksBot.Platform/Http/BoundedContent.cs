using System.Text;

namespace TalksBot.Platform.Http;

/// <summary>A platform's answer was larger than the caller accepts; nothing past the limit was kept.</summary>
public sealed class ResponseTooLargeException : HttpRequestException
{
    public ResponseTooLargeException()
    {
    }

    public ResponseTooLargeException(string message)
        : base(message)
    {
    }

    public ResponseTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ResponseTooLargeException(long limit)
        : base($"The response is larger than {limit} bytes.")
    {
    }
}

/// <summary>
/// Bounded reads of REST responses: a platform (or whatever answers in its name) sending a gigantic body cannot
/// exhaust memory. Send with <see cref="HttpCompletionOption.ResponseHeadersRead"/> so the body is not buffered before
/// these run (the named clients also cap buffering with <c>MaxResponseContentBufferSize</c>).
/// </summary>
public static class BoundedContent
{
    /// <summary>The body, when it has at most <paramref name="maxBytes"/> bytes; otherwise <see cref="ResponseTooLargeException"/>, as soon as that is known.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadBoundedAsync(this HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var declared = content.Headers.ContentLength;
        if (declared > maxBytes)
        {
            throw new ResponseTooLargeException(maxBytes);
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await BoundedRead.ReadAtMostAsync(stream, maxBytes, declared, cancellationToken).ConfigureAwait(false)
                ?? throw new ResponseTooLargeException(maxBytes);
        }
    }

    /// <summary>The body as UTF-8 text, within <paramref name="maxBytes"/> (see <see cref="ReadBoundedAsync"/>).</summary>
    public static async Task<string> ReadBoundedStringAsync(this HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var bytes = await content.ReadBoundedAsync(maxBytes, cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(bytes.Span);
    }
}
