using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using NSec.Cryptography;
using TalksBot.Core.Knowledge;
using TalksBot.Testing;
using TalksBot.Discord.Tests.Fakes;

namespace TalksBot.Tests.Cli;

/// <summary>SIGTERM to the real binary while Discord HTTP interactions are arriving: what was received before the signal is answered.</summary>
public sealed class ShutdownProcessTests : IDisposable
{
    private const string Answerable = "Who is Kushner?";
    private const string Unanswerable = "What is the best pancake recipe?";

    private readonly CliRunner _cli = new();
    private readonly Key _key = Key.Create(SignatureAlgorithm.Ed25519, new KeyCreationParameters { ExportPolicy = KeyExportPolicies.AllowPlaintextExport });
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Sigterm_WhileInteractionsAreArriving_AnswersEachOneReceivedBeforeItAndClosesTheDatabase()
    {
        var port = BotProcess.FreePort();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        await using var bot = BotProcess.Start(_cli, new Dictionary<string, string>
        {
            ["Discord__Token"] = "MTE0OTk4.shutdown-test-token.Aa1Bb2",
            ["Discord__ApplicationId"] = "1100000000000000001",
            ["Discord__InteractionsMode"] = "Http",
            ["Discord__PublicKey"] = Convert.ToHexString(_key.PublicKey.Export(KeyBlobFormat.RawPublicKey)),
            ["Discord__ApiBaseUrl"] = $"http://127.0.0.1:{BotProcess.FreePort()}/api/v10",
            ["Http__Urls"] = baseUrl.ToString(),
            // Hybrid search encodes the question on another thread: work that a cancelled token would stop.
            ["Search__Embeddings"] = "true",
        });
        await bot.WaitForStatusAsync(_http, new Uri(baseUrl, "readyz"), HttpStatusCode.OK);

        // Each request's headers go out now and Kestrel starts it; its body follows only after the signal.
        var questions = new[] { Answerable, Unanswerable, Answerable, Unanswerable, Answerable, Unanswerable };
        var requests = new List<PendingInteraction>();
        foreach (var (question, member) in questions.Select((q, i) => (q, i)))
        {
            // Six members, as in a channel: one member asking six times in a second would be told to slow down.
            var context = new FakeInteractionContext { UserId = $"13000000000000000{member:D2}" };
            requests.Add(await PendingInteraction.StartAsync(port, Sign(FakeInteractions.Command(context, "ask", ("question", question)).ToJsonString())));
        }

        await bot.WaitForLineAsync(
            _ => bot.Lines.Count(l => l.Contains("Request starting HTTP/1.1 POST " + baseUrl + "discord/interactions", StringComparison.Ordinal)) == questions.Length,
            "for every request started");

        var exit = bot.TerminateAsync();
        await bot.WaitForLineAsync(l => l.Contains("Application is shutting down", StringComparison.Ordinal), "saying the bot is shutting down");
        var answers = await Task.WhenAll(requests.Select(r => r.FinishAsync()));
        var late = await TryPostAfterTheSignalAsync(port);

        Assert.All(answers, a => Assert.Equal(200, a.Status));
        for (var i = 0; i < questions.Length; i++)
        {
            var embed = answers[i].Body?["data"]?["embeds"]?[0] ?? throw new Xunit.Sdk.XunitException($"answer {i}: {answers[i].Body?.ToJsonString()}");
            var text = embed["title"]!.GetValue<string>() + "\n" + embed["description"]!.GetValue<string>();
            Assert.Contains(questions[i] == Answerable ? "Kushner" : "I don't know that yet", text, StringComparison.Ordinal);
        }

        Assert.NotEqual(200, late);
        Assert.Equal(0, await exit);

        // The questions the bot could not answer were stored for moderators, and the database closed cleanly.
        using var store = StoredKnowledge.Open(_cli.DatabasePath);
        var unanswered = Assert.Single(store.Unanswered());
        Assert.Equal(3, unanswered.Count);
    }

    public void Dispose()
    {
        _http.Dispose();
        _key.Dispose();
        _cli.Dispose();
    }

    /// <summary>A request sent after the signal: refused at the door (no listener) or answered 503, but never taken.</summary>
    private static async Task<int> TryPostAfterTheSignalAsync(int port)
    {
        try
        {
            var request = await PendingInteraction.StartAsync(port, ("{}", "0", new string('0', 128)));
            return (await request.FinishAsync()).Status;
        }
        catch (Exception exception) when (exception is SocketException or IOException)
        {
            return 0;
        }
    }

    private (string Body, string Timestamp, string Signature) Sign(string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = SignatureAlgorithm.Ed25519.Sign(_key, Encoding.UTF8.GetBytes(timestamp + body));
        return (body, timestamp, Convert.ToHexString(signature).ToLowerInvariant());
    }

    /// <summary>One HTTP/1.1 POST over its own socket, written in two parts: headers at once, the body when told.</summary>
    private sealed class PendingInteraction(TcpClient client, byte[] body)
    {
        public static async Task<PendingInteraction> StartAsync(int port, (string Body, string Timestamp, string Signature) signed)
        {
            var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port);
            var body = Encoding.UTF8.GetBytes(signed.Body);
            var headers =
                $"POST /discord/interactions HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n" +
                $"X-Signature-Ed25519: {signed.Signature}\r\nX-Signature-Timestamp: {signed.Timestamp}\r\nConnection: close\r\n\r\n";
            await client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(headers));
            return new PendingInteraction(client, body);
        }

        /// <summary>Sends the body and reads the whole response (the server closes the connection after it).</summary>
        public async Task<(int Status, JsonNode? Body)> FinishAsync()
        {
            using (client)
            {
                var stream = client.GetStream();
                using var timeout = new CancellationTokenSource(BotProcess.Wait);
                await stream.WriteAsync(body, timeout.Token);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                var response = await reader.ReadToEndAsync(timeout.Token);
                var status = int.Parse(response.Split(' ', 3)[1], CultureInfo.InvariantCulture);
                var json = response[(response.IndexOf("\r\n\r\n", StringComparison.Ordinal) + 4)..];
                return (status, json.StartsWith('{') ? JsonNode.Parse(json) : null);
            }
        }
    }
}
