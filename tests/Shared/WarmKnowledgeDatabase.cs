using Microsoft.Extensions.DependencyInjection;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Search;

namespace TalksBot.Testing;

/// <summary>
/// A database with the repository's knowledge imported and every fact's sentence vector cached, made once per test run;
/// each test copies it, so tests start as a bot does after its first start. Linked into each test project that needs it.
/// </summary>
internal static class WarmKnowledgeDatabase
{
    private static readonly Lazy<string> Template = new(Create);

    /// <summary>Copies the warm database to <paramref name="path"/> (which must not exist).</summary>
    public static void CopyTo(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Copy(Template.Value, path);
    }

    private static string Create()
    {
        var directory = Directory.CreateTempSubdirectory("talksbot-warm-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left behind in the temp folder: harmless.
            }
        };
        var path = Path.Combine(directory, "warm.db");
        using (var services = StoredKnowledge.Compose(path, embeddings: true).BuildServiceProvider())
        {
            services.GetRequiredService<IFactStore>().ImportAsync(KnowledgeYamlReader.ReadDirectory(RepositoryPaths.Knowledge)).GetAwaiter().GetResult();
            services.GetRequiredService<SemanticIndex>().BuildAsync().GetAwaiter().GetResult();
        }

        File.Delete(path + ".lock");
        File.Delete(path + ".gate");
        return path;
    }
}
