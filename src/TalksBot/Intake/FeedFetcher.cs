using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using TalksBot.Core.Intake;

namespace TalksBot.Intake;

/// <summary>What one poll of a feed gave.</summary>
internal abstract record FeedFetch
{
    /// <summary>The feed is unchanged since the validators were given (304).</summary>
    public sealed record NotModified : FeedFetch;

    /// <summary>The feed's bytes, with the validators for the next conditional GET.</summary>
    public sealed record Fetched(ReadOnlyMemory<byte> Content, string? ETag, string? LastModified) : FeedFetch;

    /// <summary>The poll failed; <paramref name="Problem"/> says why, for the log and /kb stats.</summary>
    public sealed record Failed(string Problem) : FeedFetch;
}

/// <summary>
/// Fetches one feed: a conditional GET (<c>If-None-Match</c> / <c>If-Modified-Since</c> from the last poll), redirects
/// followed by hand (at most <see cref="IntakeOptions.MaxRedirects"/>, http(s) only), one timeout for the whole poll,
/// and a cap on the body, checked on the declared length and again while reading (after decompression: a small gzip body
/// that unpacks to gigabytes is refused at the cap). Never throws for the feed's sake.
/// </summary>
internal sealed class FeedFetcher(HttpClient http, IOptions<IntakeOptions> options)
{
    public const string ClientName = "feeds";

    public async Task<FeedFetch> FetchAsync(string url, FeedState? state, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            var address = new Uri(url);
            for (var redirects = 0; ; redirects++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, address);
                request.Headers.Accept.ParseAdd("application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.1");
                if (state?.ETag is { } etag && EntityTagHeaderValue.TryParse(etag, out var tag))
                {
                    request.Headers.IfNoneMatch.Add(tag);
                }

                if (state?.LastModified is { } modified && DateTimeOffset.TryParse(modified, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var since))
                {
                    request.Headers.IfModifiedSince = since;
                }

                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                if (IsRedirect(response.StatusCode))
                {
                    if (redirects >= settings.MaxRedirects)
                    {
                        return new FeedFetch.Failed($"more than {settings.MaxRedirects} redirects");
                    }

                    if (response.Headers.Location is not { } location || new Uri(address, location) is not { Scheme: "http" or "https" } next)
                    {
                        return new FeedFetch.Failed("redirected to an address that is not http(s)");
                    }

                    if (IsInternal(next) && !IsInternal(new Uri(url)))
                    {
                        return new FeedFetch.Failed($"redirected from a public address to an internal one ({next.Host})");
                    }

                    address = next;
                    continue;
                }

                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    return new FeedFetch.NotModified();
                }

                if (!response.IsSuccessStatusCode)
                {
                    return new FeedFetch.Failed($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
                }

                if (response.Content.Headers.ContentLength > settings.MaxFeedBytes)
                {
                    return new FeedFetch.Failed($"the feed is {response.Content.Headers.ContentLength} bytes, over the {settings.MaxFeedBytes}-byte limit");
                }

                ReadOnlyMemory<byte>? content;
                try
                {
                    content = await ReadBoundedAsync(response.Content, settings.MaxFeedBytes, deadline.Token).ConfigureAwait(false);
                }
                catch (Exception corrupt) when (corrupt is InvalidDataException or InvalidOperationException)
                {
                    // A body that claims gzip, deflate or br and is not: GZipStream and DeflateStream throw InvalidDataException,
                    // BrotliStream InvalidOperationException, neither an IOException.
                    return new FeedFetch.Failed($"its compressed body could not be decompressed ({corrupt.Message})");
                }

                return content is null
                    ? new FeedFetch.Failed($"the feed is over the {settings.MaxFeedBytes}-byte limit")
                    : new FeedFetch.Fetched(content.Value, response.Headers.ETag?.ToString(), response.Content.Headers.LastModified?.ToString("R"));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new FeedFetch.Failed($"no full answer within {settings.TimeoutSeconds} s");
        }
        catch (HttpRequestException exception)
        {
            return new FeedFetch.Failed(exception.HttpRequestError == HttpRequestError.Unknown ? exception.Message : $"{exception.HttpRequestError}: {exception.Message}");
        }
        catch (IOException exception)
        {
            return new FeedFetch.Failed(exception.Message);
        }
    }

    /// <summary>
    /// Whether <paramref name="address"/> names this machine or a private network (loopback, link-local such as cloud
    /// metadata at 169.254.169.254, RFC 1918, unique-local IPv6): a public feed may not redirect there.
    /// </summary>
    internal static bool IsInternal(Uri address)
    {
        if (address.IsLoopback || address.Host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(address.DnsSafeHost, out var ip))
        {
            return false;
        }

        if (ip.IsIPv4MappedToIPv6)
        {
            ip = ip.MapToIPv4();
        }

        var bytes = ip.GetAddressBytes();
        return ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
            ? bytes[0] is 10 or 127 || (bytes[0] == 169 && bytes[1] == 254) || (bytes[0] == 172 && bytes[1] is >= 16 and <= 31) || (bytes[0] == 192 && bytes[1] == 168) || bytes[0] == 0
            : ip.IsIPv6LinkLocal || ip.IsIPv6SiteLocal || ip.IsIPv6UniqueLocal || IPAddress.IPv6Loopback.Equals(ip);
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>The body, or null once it passes <paramref name="limit"/> bytes (the rest is never read).</summary>
    private static async Task<ReadOnlyMemory<byte>?> ReadBoundedAsync(HttpContent content, int limit, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
