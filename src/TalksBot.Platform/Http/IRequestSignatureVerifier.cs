using Microsoft.AspNetCore.Http;

namespace TalksBot.Platform.Http;

/// <summary>
/// A platform's request signature (Discord: Ed25519 over timestamp + body; Slack: HMAC-SHA256 of <c>v0:ts:body</c>),
/// checked over the raw bytes before anything parses them. Registered in DI; used by <see cref="SignedEndpoints"/>.
/// </summary>
public interface IRequestSignatureVerifier
{
    /// <summary>
    /// True when the signature headers match <paramref name="body"/>. Headers are hostile: a garbage timestamp or
    /// signature should give false, and if the check throws anyway the request is answered 401 (never 500).
    /// </summary>
    bool IsValid(IHeaderDictionary headers, ReadOnlySpan<byte> body);
}
