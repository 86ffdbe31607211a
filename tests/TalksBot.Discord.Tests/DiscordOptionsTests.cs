using System.ComponentModel.DataAnnotations;

namespace TalksBot.Discord.Tests;

public sealed class DiscordOptionsTests
{
    private const string GoodToken = "MTEwMDAwMDAwMDAwMDAwMDAwMQ.fake.token-for-tests-only";

    [Fact]
    public void Validate_NoToken_AdapterIsOffAndNothingIsChecked()
    {
        var options = new DiscordOptions { ApplicationId = "not a number" };

        Assert.False(options.Enabled);
        Assert.Empty(options.Validate(new ValidationContext(options)));
    }

    [Theory]
    [InlineData("Bot " + GoodToken, "1100000000000000001", null, "Discord:Token")]
    [InlineData(GoodToken, "my-app", null, "Discord:ApplicationId")]
    [InlineData(GoodToken, "1100000000000000001", "guild", "Discord:GuildId")]
    public void Validate_BadValue_NamesTheKey(string token, string applicationId, string? guildId, string key)
    {
        var options = new DiscordOptions { Token = token, ApplicationId = applicationId, GuildId = guildId };

        var errors = options.Validate(new ValidationContext(options)).ToList();

        Assert.Contains(errors, e => e.ErrorMessage!.StartsWith(key, StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_HttpModeWithoutPublicKey_IsRefused()
    {
        var options = new DiscordOptions { Token = GoodToken, ApplicationId = "1100000000000000001", InteractionsMode = DiscordInteractionsMode.Http };

        Assert.Contains(options.Validate(new ValidationContext(options)), e => e.ErrorMessage!.StartsWith("Discord:PublicKey", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_ShardIdsBeyondCount_AreRefused()
    {
        var options = new DiscordOptions { Token = GoodToken, ApplicationId = "1100000000000000001", ShardCount = 2, ShardIds = "0,2" };

        Assert.Contains(options.Validate(new ValidationContext(options)), e => e.ErrorMessage!.StartsWith("Discord:ShardIds", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_GoodSettings_Pass()
    {
        var options = new DiscordOptions { Token = GoodToken, ApplicationId = "1100000000000000001", GuildId = "42", ShardCount = 2, ShardIds = "0, 1" };

        Assert.Empty(options.Validate(new ValidationContext(options)));
        Assert.Equal([0, 1], options.ParsedShardIds());
    }
}
