using TalksBot.Core.Cards;
using TalksBot.Core.Commands;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Tests.Moderation;

namespace TalksBot.Core.Tests.Knowledge;

/// <summary>
/// The disk under the database fills up: moderators are told why nothing was saved, members keep getting answers, and
/// once there is space again writes work without a restart.
/// </summary>
public sealed class DiskFullTests : IDisposable
{
    private const string Grain = "/fact add topic:territory party:ukraine text:\"Ukraine wants the Odesa grain corridor protected in any deal.\" source_url:https://example.com/grain";
    private readonly FullDisk _disk = new();
    private readonly TestKnowledge _knowledge;

    public DiskFullTests() => _knowledge = TestKnowledge.With(TestKnowledge.Small(), configure: _disk.Register);

    [Fact]
    public async Task FactAdd_OnAFullDisk_IsRefusedWithTheReason_AndAnswersKeepWorking()
    {
        _disk.IsFull = true;

        var refused = OnAThreadOfItsOwn(() => _knowledge.ModerateAsync(Grain));
        var subscribe = await _knowledge.ModerateAsync("/subscribe");

        // What the failed write left behind is collected now, not at some later moment (LiteDB keeps a thread's
        // transaction until the thread ends): a LiteDB object whose finalizer throws would end the process here.
        for (var i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        var positions = await _knowledge.RunAsync("/positions territory");
        var ask = await _knowledge.RunAsync("/ask Does Russia demand Donetsk and Luhansk?");
        var history = await _knowledge.ModerateAsync("/fact history ru-land");

        Assert.Equal(CardTone.Error, refused.Cards[0].Tone);
        Assert.Contains("The knowledge base cannot be written right now (disk full)", refused.Cards[0].Description, StringComparison.Ordinal);
        Assert.Contains("cannot be written right now (disk full)", subscribe.Cards[0].Description, StringComparison.Ordinal);
        Assert.Contains("Russia demands all of Donetsk and Luhansk.", ReplyText.Of(positions), StringComparison.Ordinal);
        Assert.Contains("Russia demands all of Donetsk and Luhansk.", ReplyText.Of(ask), StringComparison.Ordinal);
        Assert.Contains("Russia demands all of Donetsk and Luhansk.", ReplyText.Of(history), StringComparison.Ordinal);
        Assert.DoesNotContain(_knowledge.Store.Snapshot.Facts, f => f.Text.Contains("grain", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData(FullDisk.NoSpaceLeftOnDevice, "disk full")]
    [InlineData(122, "disk full")] // EDQUOT: the disk quota is used up
    [InlineData(27, "file too large")] // EFBIG
    [InlineData(30, "read-only file system")] // EROFS
    [InlineData(5, "input/output error")] // EIO
    public async Task FactAdd_RefusedByTheStorage_NamesTheReason(int errno, string reason)
    {
        _disk.Errno = errno;
        _disk.IsFull = true;

        var refused = await _knowledge.ModerateAsync(Grain);

        Assert.Equal("Not saved", refused.Cards[0].Title);
        Assert.Contains($"The knowledge base cannot be written right now ({reason}).", refused.Cards[0].Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FactAdd_OnceSpaceIsBack_IsSaved_AndTheRefusedOneNeverAppears()
    {
        _disk.IsFull = true;
        await _knowledge.ModerateAsync("/fact edit ru-land text:\"Refused: Russia demands everything.\"");
        _disk.IsFull = false;

        var saved = await _knowledge.ModerateAsync(Grain);
        var answer = await _knowledge.RunAsync("/ask What about the grain corridor in Odesa?");

        Assert.StartsWith("Added: ukraine-territory-ukraine-wants-the-odesa-grain", saved.Cards[0].Title, StringComparison.Ordinal);
        Assert.Contains("Odesa grain corridor", ReplyText.Of(answer), StringComparison.Ordinal);
        using var reopened = _knowledge.CloseAndReopen();
        Assert.Contains(reopened.Snapshot.Facts, f => f.Text == "Ukraine wants the Odesa grain corridor protected in any deal.");
        Assert.Equal("Russia demands all of Donetsk and Luhansk.", reopened.Snapshot.FactsById["ru-land"].Text);
        Assert.Single(reopened.History("ru-land"));
    }

    [Fact]
    public async Task Ask_UnansweredOnAFullDisk_StillSaysItDoesNotKnow()
    {
        _disk.IsFull = true;

        var reply = await _knowledge.RunAsync("/ask Who will win the Eurovision song contest?");

        Assert.Equal("I don't know that yet", reply.Cards[0].Title);
    }

    [Fact]
    public async Task Feedback_OnAFullDisk_StillThanksTheMember()
    {
        _disk.IsFull = true;
        var parsed = _knowledge.Parser.ParseAction(ButtonActions.Helpful("ru-land"));

        var thanks = OnAThreadOfItsOwn(() => _knowledge.Router.RouteAsync(
            new CommandInvocation(parsed.Name, parsed.Options, new CommandCaller("u1", "tester", [], false), "c1", "test"), CancellationToken.None));

        Assert.Equal("Thanks for the feedback", thanks.Cards[0].Title);
        _disk.IsFull = false;
        Assert.Empty(_knowledge.Store.Feedback());
    }

    /// <summary>Runs a command on a thread that ends with it (the store's work runs synchronously on the caller's thread).</summary>
    private static Reply OnAThreadOfItsOwn(Func<Task<Reply>> command)
    {
        Reply? reply = null;
        var thread = new Thread(() => reply = command().GetAwaiter().GetResult());
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        return reply!;
    }

    public void Dispose()
    {
        _disk.IsFull = false;
        _knowledge.Dispose();
    }
}
