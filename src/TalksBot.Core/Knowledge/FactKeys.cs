using System.Security.Cryptography;
using System.Text;

namespace TalksBot.Core.Knowledge;

/// <summary>
/// Short, stable keys for facts where ids do not fit (three fact ids in a Discord button's 100-character custom id):
/// the first 8 hex digits of the SHA-256 of the id. Resolved against the current knowledge.
/// </summary>
public static class FactKeys
{
    public const int Length = 8;

    public static string Of(string factId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(factId)))[..Length];

    /// <summary>The fact whose key is <paramref name="key"/>, or null when none (or the key is not one).</summary>
    public static Fact? Find(KnowledgeSnapshot knowledge, string key) =>
        key.Length == Length ? knowledge.Facts.FirstOrDefault(f => string.Equals(Of(f.Id), key, StringComparison.Ordinal)) : null;
}
