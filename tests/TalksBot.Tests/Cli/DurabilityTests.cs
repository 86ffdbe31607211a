using System.Text.RegularExpressions;
using TalksBot.Core.Knowledge;
using TalksBot.Testing;

namespace TalksBot.Tests.Cli;

/// <summary>The real bot as a child process, killed with SIGKILL while moderators' edits stream in.</summary>
public sealed partial class DurabilityTests : IDisposable
{
    private const string FactId = "person-kushner";
    private readonly CliRunner _cli = new();

    [Fact]
    public async Task KilledMidStreamOfEdits_EveryAcknowledgedEditSurvivesAndTheFileOpensCleanly()
    {
        var acknowledged = new Dictionary<int, string>();
        var next = 0;
        for (var round = 0; round < 3; round++)
        {
            using var bot = _cli.Start();
            var acks = 0;
            var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            bot.OutputDataReceived += (_, line) =>
            {
                if (line.Data is { } text && SavedRevision().Match(text) is { Success: true } saved)
                {
                    lock (acknowledged)
                    {
                        var revision = int.Parse(saved.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                        acknowledged[revision] = "";
                        if (++acks >= 12)
                        {
                            enough.TrySetResult();
                        }
                    }
                }
            };
            bot.BeginOutputReadLine();
            bot.BeginErrorReadLine();

            // Stream far more edits than will be acknowledged, so the kill lands while edits are in flight.
            var writer = Task.Run(async () =>
            {
                try
                {
                    for (var i = 0; i < 400 && !enough.Task.IsCompleted; i++)
                    {
                        await bot.StandardInput.WriteLineAsync($"/fact edit {FactId} text:\"Durability edit {Interlocked.Increment(ref next)}.\"");
                    }
                }
                catch (IOException)
                {
                    // The process is gone.
                }
            });
            var finished = await Task.WhenAny(enough.Task, Task.Delay(TimeSpan.FromSeconds(60)));
            Assert.True(finished == enough.Task, $"round {round}: the bot acknowledged only {acks} edits in 60 s");

            bot.Kill(); // SIGKILL on Linux: no clean-up, no checkpoint.
            await bot.WaitForExitAsync();
            await writer;

            using var store = StoredKnowledge.Open(_cli.DatabasePath);
            var history = store.History(FactId).ToDictionary(r => r.Revision);
            var current = store.Snapshot.FactsById[FactId];
            lock (acknowledged)
            {
                foreach (var revision in acknowledged.Keys)
                {
                    Assert.True(history.ContainsKey(revision), $"round {round}: acknowledged revision {revision} is missing after the kill (current {current.Revision})");
                    Assert.StartsWith("Durability edit ", history[revision].Snapshot.Text, StringComparison.Ordinal);
                }

                Assert.True(current.Revision >= acknowledged.Keys.Max());
            }

            Assert.Equal(current.Text, history[current.Revision].Snapshot.Text);
            Assert.Equal(Enumerable.Range(1, current.Revision), history.Keys.Order());
        }
    }

    public void Dispose() => _cli.Dispose();

    [GeneratedRegex(@"Saved: person-kushner \(revision (\d+)\)")]
    private static partial Regex SavedRevision();
}
