using System.Text;
using TalksBot.Core.Knowledge.Yaml;
using TalksBot.Core.Moderation;

namespace TalksBot.Core.Tests.Moderation;

public sealed class KnowledgeBaseCommandsTests
{
    [Fact]
    public async Task KbExport_AttachesOneYamlFileThatSplitsBackIntoTheKnowledgeFiles()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Real);
        await knowledge.ModerateAsync("/fact edit russia-nato-give-up-membership-ambitions text:\"Edited: \\\"quoted\\\" and #hash.\"");

        var reply = await knowledge.ModerateAsync("/kb export");

        var file = Assert.Single(reply.Files);
        Assert.EndsWith(".yaml", file.Name, StringComparison.Ordinal);
        var files = KnowledgeBundle.Split(Encoding.UTF8.GetString(file.Content.Span), file.Name);
        Assert.Equal(KnowledgeYamlWriter.RenderFiles(knowledge.Store.Snapshot.ToSet()), files);
        var directory = Path.Combine(knowledge.Directory, "roundtrip");
        foreach (var (path, text) in files)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(directory, path))!);
            File.WriteAllText(Path.Combine(directory, path), text);
        }

        Assert.Equal(knowledge.Store.Snapshot.FactsById["russia-nato-give-up-membership-ambitions"].Text, KnowledgeYamlReader.ReadDirectory(directory).Facts.Single(f => f.Id == "russia-nato-give-up-membership-ambitions").Text);
    }

    [Fact]
    public void Bundle_NotAnExport_IsRefusedWithFileAndLine()
    {
        var error = Assert.Throws<KnowledgeFileException>(() => KnowledgeBundle.Split("parties:\n- id: x\n", "upload.yaml"));

        Assert.StartsWith("upload.yaml:1:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KbStatsAndUnanswered_CountWhatMembersAndModeratorsDid()
    {
        using var knowledge = TestKnowledge.With(TestKnowledge.Small());
        knowledge.Store.RecordUnanswered("Who wins the Eurovision?", "test");
        knowledge.Store.RecordUnanswered("who wins the eurovision", "test");
        knowledge.Store.RecordFeedback("ua-land", helpful: false, "u1", "test");
        await knowledge.ModerateAsync("/fact retract ru-land misquoted");

        var stats = ReplyText.Of(await knowledge.ModerateAsync("/kb stats"));
        var unanswered = ReplyText.Of(await knowledge.ModerateAsync("/kb unanswered"));

        Assert.Contains("1 current (1 positions)", stats, StringComparison.Ordinal);
        Assert.Contains("1 retracted", stats, StringComparison.Ordinal);
        Assert.Contains("3 revisions, 1 by moderators", stats, StringComparison.Ordinal);
        Assert.Contains("2 unanswered questions (1 different)", stats, StringComparison.Ordinal);
        Assert.Contains("2× “who wins the eurovision”", unanswered, StringComparison.Ordinal);
        Assert.Contains("ua-land: 1 not helpful, 0 helpful", unanswered, StringComparison.Ordinal);
    }
}
