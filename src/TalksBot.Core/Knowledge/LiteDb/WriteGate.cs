namespace TalksBot.Core.Knowledge.LiteDb;

/// <summary>
/// An OS lock on <c>&lt;database&gt;.gate</c>, held for the few milliseconds of each write, so that another process
/// (the <c>backup</c> verb) can copy the database between two writes while the bot keeps running.
/// </summary>
internal sealed class WriteGate(string databasePath)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private readonly string _gatePath = databasePath + ".gate";

    /// <summary>Waits until no other process holds the gate, then holds it until disposed.</summary>
    /// <exception cref="KnowledgeStoreUnavailableException">Another process held it for longer than 30 s.</exception>
    public IDisposable Enter()
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(_gatePath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
            }
            catch (IOException exception) when (exception is not FileNotFoundException and not DirectoryNotFoundException)
            {
                if (waited.Elapsed > Patience)
                {
                    throw new KnowledgeStoreUnavailableException(
                        $"Another process has held '{_gatePath}' for {Patience.TotalSeconds:0} s (a backup?); the change was not saved, please try again.",
                        exception);
                }

                Thread.Sleep(Math.Min(1 + attempt, 20));
            }
        }
    }
}
