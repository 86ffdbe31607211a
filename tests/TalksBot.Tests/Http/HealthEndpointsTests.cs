using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using TalksBot.Http;

namespace TalksBot.Tests.Http;

public sealed class HealthEndpointsTests : IDisposable
{
    private readonly CliRunner _cli = new();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task Readyz_UntilTheKnowledgeIsLoaded_Is503NamingIt_WhileHealthzIsOk()
    {
        using var host = TalksBotApp.Build(new Dictionary<string, string?>
        {
            ["Http:Enabled"] = "true",
            ["Http:Urls"] = "http://127.0.0.1:0",
            ["Knowledge:DatabasePath"] = _cli.DatabasePath,
            ["Knowledge:Directory"] = CliRunner.KnowledgeDirectory,
            ["Search:Embeddings"] = "false",
        });
        await host.StartAsync();
        var baseUrl = new Uri(host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

        using var before = await _http.GetAsync(new Uri(baseUrl, "/readyz"));
        var health = await _http.GetStringAsync(new Uri(baseUrl, "/healthz"));
        await TalksBotApp.LoadKnowledgeAsync(host.Services);
        using var after = await _http.GetAsync(new Uri(baseUrl, "/readyz"));
        await host.StopAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, before.StatusCode);
        Assert.Equal("knowledge (0 of 1 connected)", Assert.Single(JsonNode.Parse(await before.Content.ReadAsStringAsync())!["waitingFor"]!.AsArray())!.GetValue<string>());
        Assert.Equal("ok", health);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task HealthCheckVerb_NothingListening_ExitsOneNamingTheAddress()
    {
        var url = $"http://127.0.0.1:{BotProcess.FreePort()}/";

        var result = await _cli.RunAsync("", "healthcheck", "--url", url);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"{url}healthz did not answer", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080", "http://127.0.0.1:8080/")]
    [InlineData("http://+:5000;https://0.0.0.0:5001", "http://127.0.0.1:5000/")]
    [InlineData("https://*:443;http://[::]:8081", "http://127.0.0.1:8081/")]
    [InlineData("http://localhost:9000/", "http://localhost:9000/")]
    [InlineData("https://0.0.0.0:443", null)]
    public void LoopbackUrl_FromHttpUrls_IsTheFirstHttpAddressOnLoopback(string urls, string? expected)
    {
        Assert.Equal(expected, new HttpOptions { Urls = urls }.LoopbackUrl()?.ToString());
    }

    public void Dispose()
    {
        _http.Dispose();
        _cli.Dispose();
    }
}
