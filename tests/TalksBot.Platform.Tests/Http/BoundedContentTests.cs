using System.Net;
using TalksBot.Platform.Http;

namespace TalksBot.Platform.Tests.Http;

public sealed class BoundedContentTests
{
    [Fact]
    public async Task ReadBoundedAsync_BodyWithinTheLimit_ReturnsIt()
    {
        using var content = new StringContent("{\"ok\":true}");

        var text = await content.ReadBoundedStringAsync(11, CancellationToken.None);

        Assert.Equal("{\"ok\":true}", text);
    }

    [Fact]
    public async Task ReadBoundedAsync_DeclaredLengthOverTheLimit_ThrowsWithoutReading()
    {
        using var content = new StreamContent(new UnreadableStream());
        content.Headers.ContentLength = 10_000_000_000;

        await Assert.ThrowsAsync<ResponseTooLargeException>(() => content.ReadBoundedAsync(1024, CancellationToken.None));
    }

    [Fact]
    public async Task ReadBoundedAsync_EndlessUndeclaredBody_StopsJustPastTheLimit()
    {
        var endless = new EndlessStream();
        using var content = new StreamContent(endless);

        await Assert.ThrowsAsync<ResponseTooLargeException>(() => content.ReadBoundedAsync(64 * 1024, CancellationToken.None));

        Assert.InRange(endless.Served, 64 * 1024 + 1, 256 * 1024);
    }

    [Fact]
    public async Task ReadBoundedAsync_ThroughHttpClientWithHeadersRead_GiganticAnswerRefused()
    {
        using var http = new HttpClient(new EndlessHandler());

        using var response = await http.GetAsync(new Uri("http://127.0.0.1/"), HttpCompletionOption.ResponseHeadersRead);

        await Assert.ThrowsAsync<ResponseTooLargeException>(() => response.Content.ReadBoundedAsync(1024 * 1024, CancellationToken.None));
    }

    private sealed class EndlessStream : Stream
    {
        public long Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Served += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    private sealed class UnreadableStream : MemoryStream
    {
        public override int Read(byte[] buffer, int offset, int count) => throw new InvalidOperationException("read");

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => throw new InvalidOperationException("read");
    }

    private sealed class EndlessHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(new EndlessStream()), RequestMessage = request });
    }
}
