using Microsoft.AspNetCore.Http;

namespace TalksBot.Platform.Http;

/// <summary>The raw body of a request whose signature was valid, and the request (for its content type and headers).</summary>
public sealed record SignedBody(ReadOnlyMemory<byte> Bytes, HttpRequest Request);

/// <summary>
/// What an adapter supplies for one webhook endpoint: the body limit, how to parse the verified bytes into its typed
/// request, and how to answer it. The signature check comes from the verifier type given to
/// <see cref="SignedEndpoints.MapSignedPost{TVerifier, TRequest}"/>.
/// </summary>
public sealed record SignedEndpoint<TRequest>
    where TRequest : class
{
    /// <summary>The largest body accepted (1 MiB suits both platforms); larger ones get 413 without being buffered.</summary>
    public required long MaxBodyBytes { get; init; }

    /// <summary>
    /// Parses verified bytes (e.g. <c>PayloadJson.Deserialize(body.Bytes.Span, MyJson.Default.Interaction)</c>). Null, or any
    /// exception, is answered 400 and logged at Debug only: the body is hostile, a parse failure is no server error.
    /// </summary>
    public required Func<SignedBody, TRequest?> Parse { get; init; }

    /// <summary>Answers a parsed request. Its exceptions are the adapter's own bugs (500, logged as errors by ASP.NET Core).</summary>
    public required Func<TRequest, HttpContext, Task<IResult>> Handle { get; init; }
}
