using TalksBot.Core.Health;

namespace TalksBot.Core.Tests.Health;

public sealed class ReadinessRegistryTests
{
    [Fact]
    public void Report_ShardsNotAllConnected_IsNotReadyAndNamesTheGateway()
    {
        var registry = new ReadinessRegistry();
        using var knowledge = registry.Add("knowledge").Up();
        var gateway = registry.Add("discord gateway", required: 2);
        using var shard0 = gateway.Up();

        var report = registry.Report();

        Assert.False(report.Ready);
        var waiting = Assert.Single(report.Components, c => !c.Ready);
        Assert.Equal(("discord gateway", 1, 2), (waiting.Name, waiting.Connected, waiting.Required));
    }

    [Fact]
    public void Report_ConnectionDropsAndComesBack_FollowsIt()
    {
        var registry = new ReadinessRegistry();
        var sockets = registry.Add("slack socket mode");
        var first = sockets.Up();
        Assert.True(registry.Report().Ready);

        first.Dispose();
        first.Dispose();
        Assert.False(registry.Report().Ready);
        Assert.Equal(0, sockets.Connected);

        using var second = sockets.Up();
        Assert.True(registry.Report().Ready);
    }

    [Fact]
    public void Add_SameNameTwice_IsOnePart()
    {
        var registry = new ReadinessRegistry();
        var registered = registry.Add("knowledge");
        using var up = registry.Add("knowledge").Up();

        Assert.Same(registered, registry.Add("knowledge"));
        Assert.True(Assert.Single(registry.Report().Components).Ready);
    }
}
