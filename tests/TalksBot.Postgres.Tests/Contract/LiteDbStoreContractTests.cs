using Microsoft.Extensions.DependencyInjection;

namespace TalksBot.Postgres.Tests.Contract;

/// <summary>The store contract on the embedded engine: each knowledge base is a LiteDB file in a temporary folder, removed after the test.</summary>
public sealed class LiteDbStoreContractTests : KnowledgeStoreContract, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("talksbot-contract-litedb-").FullName;
    private int _created;

    protected override Task<string> NewKnowledgeBaseAsync() =>
        Task.FromResult(Path.Combine(_directory, $"knowledge-{Interlocked.Increment(ref _created)}.db"));

    protected override IDictionary<string, string?> SettingsFor(string knowledgeBase) =>
        new Dictionary<string, string?> { ["Knowledge:DatabasePath"] = knowledgeBase };

    // LiteDB is what AddTalksBotCore registers already.
    protected override void AddEngine(IServiceCollection services)
    {
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A file still held (a test that failed before closing its session): the temp folder is cleaned up eventually.
        }
    }
}
