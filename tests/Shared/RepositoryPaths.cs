namespace TalksBot.Testing;

/// <summary>Finds the repository (the folder with TalksBot.sln) from wherever tests or benchmarks run. Linked into each project that needs it.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(Find);

    public static string Root => RootPath.Value;

    public static string Knowledge => Path.Combine(Root, "knowledge");

    private static string Find()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "TalksBot.sln")))
                {
                    return directory.FullName;
                }
            }
        }

        throw new InvalidOperationException("TalksBot.sln not found above the output or working directory; run from inside the repository.");
    }
}
