using System.Globalization;
using System.Text;
using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.Yaml;

namespace TalksBot.Core.Moderation.Handlers;

/// <summary>/kb export — the knowledge as YAML: one file attached in chat, a directory on the console.</summary>
internal sealed class KbExportHandler(IFactStore store, TimeProvider time) : ModeratorHandler
{
    public override string Name => "kb export";

    protected override Task<Reply> HandleModeratorAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var set = store.Snapshot.ToSet();
        var now = time.GetUtcNow();
        var stamp = now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        if (invocation.Platform == "console")
        {
            var directory = Path.GetFullPath(Path.Combine("exports", $"knowledge-{stamp}"));
            var files = KnowledgeYamlWriter.WriteDirectory(directory, set);
            return Task.FromResult(Reply.Of(new Card
            {
                Title = "Knowledge exported",
                Description = $"{set.Facts.Count} facts in {files.Count} files, written to {directory}. Compare it with knowledge/ and commit what moderators changed.",
                Tone = CardTone.Info,
            }));
        }

        var bundle = Encoding.UTF8.GetBytes(KnowledgeBundle.Render(set, now));
        var moderated = set.Facts.Count(f => f.Origin == FactOrigin.Moderator);
        return Task.FromResult(new Reply(
            [new Card
            {
                Title = "Knowledge export",
                Description = $"{set.Facts.Count} facts ({moderated} changed by moderators), {set.Sources.Count} sources, {bundle.Length / 1024.0:0} KB of YAML. `TalksBot import <file>` reads it back.",
                Tone = CardTone.Info,
            }],
            [],
            Ephemeral: true)
        {
            Files = [new ReplyFile($"talksbot-knowledge-{stamp}.yaml", "application/yaml", bundle)],
        });
    }
}
