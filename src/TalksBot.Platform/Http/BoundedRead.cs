namespace TalksBot.Platform.Http;

/// <summary>Reads a stream up to a limit, never holding more than the limit plus one byte.</summary>
internal static class BoundedRead
{
    /// <summary>The largest limit a caller may set: a body is one array.</summary>
    public const long MaxLimit = 256L * 1024 * 1024;

    /// <summary>The whole stream when it has at most <paramref name="limit"/> bytes; null as soon as it has more.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAtMostAsync(Stream stream, long limit, long? declaredLength, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);

        // Start with what the sender declared (within the limit), so a well-sized body is read into one array.
        var buffer = new byte[Math.Min(declaredLength is > 0 ? declaredLength.Value : 16 * 1024, limit) + 1];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, limit + 1));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.AsMemory(0, length);
            }

            length += read;
            if (length > limit)
            {
                return null;
            }
        }
    }
}
