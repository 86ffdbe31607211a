using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Discord.Tests.Gateway;

public sealed class GatewaySessionTests
{
    [Fact]
    public async Task Session_IdentifyReadyAndACommand_CallbackCarriesTheEmbed()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var (_, callback) = await session.AskAsync(FakeInteractions.Command("positions", ("topic", "nato"), ("party", "russia")));

        var identify = session.Discord.ReceivedFrames.First(f => f.Op == 2).Payload["d"]!;
        Assert.Equal(DiscordTestBot.Token, identify["token"]!.GetValue<string>());
        Assert.Equal(4609, identify["intents"]!.GetValue<int>());
        Assert.Equal(4, callback.Type);
        var data = callback.Data!;
        Assert.Equal("Russia on NATO", data["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Matches(@"^As of \d{1,2} [A-Z][a-z]{2} 20\d\d · ", data["embeds"]![0]!["footer"]!["text"]!.GetValue<string>());
        Assert.Equal("[]", data["allowed_mentions"]!["parse"]!.ToJsonString());
        Assert.StartsWith("DiscordBot (", session.Discord.Requests[0].UserAgent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RegistersTheCatalogueOnce()
    {
        await using var session = await DiscordSession.StartAsync(settings: new Dictionary<string, string?> { ["Discord:GuildId"] = "1300000000000000001" });
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var registered = session.Discord.GuildCommands["1300000000000000001"];
        Assert.Contains(registered, c => c!["name"]!.GetValue<string>() == "positions");
        Assert.Contains(registered, c => c!["name"]!.GetValue<string>() == "fact");
        Assert.Null(session.Discord.GlobalCommands);
        Assert.Single(session.Discord.Requests, r => r.Method == "PUT");
    }

    [Fact]
    public async Task Start_WithCommandsAlreadyRegistered_SkipsThePut()
    {
        var first = await DiscordSession.StartAsync();
        {
            await first.Discord.WaitForReadyAsync(DiscordSession.Wait);
            var registered = first.Discord.GlobalCommands!;
            await first.DisposeAsync();

            await using var second = await DiscordSession.StartAsync(beforeBot: discord => DiscordSession.SeedCommandsAsync(discord, registered));
            await second.Discord.WaitForReadyAsync(DiscordSession.Wait);

            Assert.DoesNotContain(second.Discord.Requests, r => r.Method == "PUT" && r.UserAgent!.Contains("talksbot", StringComparison.Ordinal));
            Assert.Contains(second.Discord.Requests, r => r.Method == "GET" && r.Path.EndsWith("/commands", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Autocomplete_TopicTyped_AnswersWithMatchingChoicesBestFirst()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var (_, callback) = await session.AskAsync(FakeInteractions.Autocomplete("positions", "topic", "terr"));

        Assert.Equal(8, callback.Type);
        var choices = callback.Data!["choices"]!.AsArray();
        Assert.InRange(choices.Count, 1, 25);
        Assert.Equal("territory", choices[0]!["value"]!.GetValue<string>());
    }

    [Fact]
    public async Task Autocomplete_WithAnIntegerOptionTypedSoFar_StillAnswersChoices()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        // While a command is typed, Discord sends number options as the text typed so far.
        var (_, callback) = await session.AskAsync(FakeInteractions.Autocomplete("positions", "topic", "terr", ("page", new TypedOptionValue(4, "2"))));

        Assert.Equal(8, callback.Type);
        Assert.Equal("territory", callback.Data!["choices"]![0]!["value"]!.GetValue<string>());
        Assert.Equal(1, session.Discord.ConnectionCount);
    }

    [Fact]
    public async Task Button_Helpful_StoresFeedbackAndThanksThePresserOnly()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var (_, callback) = await session.AskAsync(FakeInteractions.Button("run:feedback:unhelpful:person-kushner"));

        Assert.Equal(4, callback.Type);
        Assert.Equal(64, callback.Data!["flags"]!.GetValue<int>());
        var feedback = Assert.Single(session.Bot.Store.Feedback());
        Assert.Equal(("person-kushner", 0, 1), (feedback.FactId, feedback.Helpful, feedback.NotHelpful));
    }

    [Fact]
    public async Task Button_Sources_RunsTheCommandForThePresser()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var (_, callback) = await session.AskAsync(FakeInteractions.Button("run:/sources person-kushner"));

        Assert.Equal(4, callback.Type);
        Assert.Equal(64, callback.Data!["flags"]!.GetValue<int>());
        Assert.Equal("Sources for person-kushner", callback.Data!["embeds"]![0]!["title"]!.GetValue<string>());
    }

    [Fact]
    public async Task Ask_WithMentions_NeverPings()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var (_, callback) = await session.AskAsync(FakeInteractions.Command("ask", ("question", "@everyone <@&1234567> what about pancakes?")));

        var json = callback.Data!.ToJsonString();
        Assert.Equal("[]", callback.Data!["allowed_mentions"]!["parse"]!.ToJsonString());
        Assert.DoesNotContain("@everyone", callback.Data!["embeds"]![0]!["description"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("<@&1234567>", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowCommand_IsDeferredThenTheOriginalEdited()
    {
        await using var session = await DiscordSession.StartAsync(deferAfter: TimeSpan.FromMilliseconds(200), slowAbout: TimeSpan.FromSeconds(1));
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        var interaction = FakeInteractions.Command("about");

        var (_, callback) = await session.AskAsync(interaction);
        var edit = await session.Discord.WaitForOriginalEditAsync(interaction["token"]!.GetValue<string>(), DiscordSession.Wait);

        Assert.Equal(5, callback.Type);
        Assert.Equal("About TalksBot (slow)", edit.Body!["embeds"]![0]!["title"]!.GetValue<string>());
        Assert.Equal("[]", edit.Body!["allowed_mentions"]!["parse"]!.ToJsonString());
    }

    [Fact]
    public async Task RateLimitedCallback_WaitsRetryAfterThenSucceeds()
    {
        await using var session = await DiscordSession.StartAsync();
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        session.Discord.FailNext("POST", "/callback", retryAfterSeconds: 0.5);
        var interaction = FakeInteractions.Command("topics");

        await session.Discord.DispatchInteractionAsync(interaction);
        var callback = await session.Discord.WaitForCallbackAsync(interaction["id"]!.GetValue<string>(), DiscordSession.Wait);

        var attempts = session.Discord.Requests.Where(r => r.Path.Contains(interaction["id"]!.GetValue<string>(), StringComparison.Ordinal)).ToList();
        Assert.Equal([429, 204], attempts.Select(a => a.Status));
        Assert.True(attempts[1].Time - attempts[0].Time >= TimeSpan.FromMilliseconds(450), $"retried after {(attempts[1].Time - attempts[0].Time).TotalMilliseconds} ms");
        Assert.Equal(4, callback.Type);
    }

    [Fact]
    public async Task RateLimitedRegistration_WaitsRetryAfterThenRegisters()
    {
        await using var session = await DiscordSession.StartAsync(beforeBot: discord =>
        {
            discord.FailNext("PUT", "/commands", retryAfterSeconds: 0.4);
            return Task.CompletedTask;
        });
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);

        var puts = session.Discord.Requests.Where(r => r.Method == "PUT").ToList();
        Assert.Equal([429, 200], puts.Select(p => p.Status));
        Assert.NotNull(session.Discord.GlobalCommands);
    }

    [Fact]
    public async Task HundredConcurrentInteractions_GetOneCallbackEach()
    {
        await using var session = await DiscordSession.StartAsync(new FakeDiscordOptions { Token = DiscordTestBot.Token, HeartbeatIntervalMs = 500, RateLimitPerBucket = 1000 });
        await session.Discord.WaitForReadyAsync(DiscordSession.Wait);
        // A burst from a hundred members: each is within the per-member rate limit.
        var interactions = Enumerable.Range(0, 100)
            .Select(i => (Member: new FakeInteractionContext { UserId = $"13500000000000{i:D5}", Username = $"member{i}" }, Index: i))
            .Select(m => (m.Index % 3) switch
            {
                0 => FakeInteractions.Command(m.Member, "positions", ("topic", "territory")),
                1 => FakeInteractions.Command(m.Member, "ask", ("question", "Who is Kushner?")),
                _ => FakeInteractions.Autocomplete(m.Member, "positions", "topic", "na"),
            })
            .ToList();

        await Task.WhenAll(interactions.Select(i => session.Discord.DispatchInteractionAsync(i)));
        await session.Discord.WaitUntilAsync(d => d.Callbacks.Count >= 100, TimeSpan.FromSeconds(60));
        await Task.Delay(300);

        var callbacks = session.Discord.Callbacks;
        Assert.Equal(100, callbacks.Count);
        Assert.Equal(interactions.Select(i => i["id"]!.GetValue<string>()).Order(), callbacks.Select(c => c.InteractionId).Order());
        Assert.DoesNotContain(session.Discord.Requests, r => r.Status == 400);
        Assert.DoesNotContain(callbacks, c => c.Data?["embeds"]?[0]?["title"]?.GetValue<string>() == "Slow down");
    }
}
