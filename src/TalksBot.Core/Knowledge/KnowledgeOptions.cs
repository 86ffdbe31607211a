using System.ComponentModel.DataAnnotations;

namespace TalksBot.Core.Knowledge;

/// <summary>Where the knowledge lives (configuration section <c>Knowledge</c>).</summary>
public sealed class KnowledgeOptions
{
    public const string Section = "Knowledge";

    /// <summary>
    /// Where the knowledge is stored: <see cref="KnowledgeStoreEngine.LiteDb"/> (the default, one file one process) or
    /// <see cref="KnowledgeStoreEngine.Postgres"/> (one PostgreSQL database shared by several instances).
    /// </summary>
    public KnowledgeStoreEngine Store { get; set; } = KnowledgeStoreEngine.LiteDb;

    /// <summary>
    /// The PostgreSQL connection string (Npgsql format) when <see cref="Store"/> is Postgres. Keep the password out of
    /// files: set it from the environment (<c>Knowledge__ConnectionString</c>) or user secrets.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The LiteDB file; one process owns it at a time.</summary>
    [Required(AllowEmptyStrings = false)]
    public string DatabasePath { get; set; } = "data/talksbot.db";

    /// <summary>The seed YAML directory imported at start.</summary>
    [Required(AllowEmptyStrings = false)]
    public string Directory { get; set; } = "knowledge";

    /// <summary>Import the seed directory at start (idempotent; moderators' edits are never overwritten).</summary>
    public bool ImportOnStart { get; set; } = true;

    /// <summary>Facts older than this many days carry a "may be out of date" marker in answers.</summary>
    [Range(1, 3650)]
    public int StaleAfterDays { get; set; } = 60;

    /// <summary>
    /// The date answers treat as today (YYYY-MM-DD), for reproducible runs (<c>--now</c>); unset, today is the UTC date of
    /// the clock.
    /// </summary>
    public DateOnly? Today { get; set; }

    /// <summary>The seed directory as an absolute path: relative to the working directory, else to the application's folder.</summary>
    public string ResolveDirectory()
    {
        if (Path.IsPathRooted(Directory) || System.IO.Directory.Exists(Directory))
        {
            return Path.GetFullPath(Directory);
        }

        var besideApp = Path.Combine(AppContext.BaseDirectory, Directory);
        return System.IO.Directory.Exists(besideApp) ? besideApp : Path.GetFullPath(Directory);
    }
}

/// <summary>The engines the knowledge can live in.</summary>
public enum KnowledgeStoreEngine
{
    /// <summary>An embedded LiteDB file owned by one process: nothing to install.</summary>
    LiteDb,

    /// <summary>A PostgreSQL database shared by every instance.</summary>
    Postgres,
}
