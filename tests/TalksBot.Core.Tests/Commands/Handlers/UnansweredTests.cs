namespace TalksBot.Core.Tests.Commands.Handlers;

public sealed class UnansweredTests : IDisposable
{
    private readonly TestKnowledge _knowledge = TestKnowledge.WithRealKnowledge();

    [Fact]
    public async Task Ask_Unanswered_IsStoredForModeratorsAndCounted()
    {
        await _knowledge.RunAsync("/ask What is the best pancake recipe?");
        await _knowledge.RunAsync("/ask what is the best pancake recipe");
        await _knowledge.RunAsync("/ask Who is Kushner?");

        var unanswered = Assert.Single(_knowledge.Store.Unanswered());
        Assert.Equal(2, unanswered.Count);
        Assert.Equal("what is the best pancake recipe", unanswered.Text);
        Assert.Equal("test", unanswered.Platform);
    }

    public void Dispose() => _knowledge.Dispose();
}
