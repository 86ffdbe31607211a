using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.LiteDb;

namespace TalksBot.Core.Tests.Knowledge;

/// <summary>
/// A disk that can fill up: while <see cref="IsFull"/>, growing the database or its log fails as the kernel fails it
/// (an <see cref="IOException"/> with ENOSPC), under the real LiteDB engine; rewriting bytes already there still works.
/// </summary>
internal sealed class FullDisk
{
    private const int NoSpaceLeftOnDevice = 28;

    private volatile bool _full;

    public bool IsFull
    {
        get => _full;
        set => _full = value;
    }

    /// <summary>Opens the test's database through this disk (instead of the default registration).</summary>
    public void Register(IServiceCollection services) =>
        services.AddSingleton(sp => LiteDbKnowledgeDatabase.Open(
            sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.DatabasePath,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<KnowledgeChangeFeed>(),
            sp.GetRequiredService<ILogger<LiteDbKnowledgeDatabase>>(),
            file => new FileOnDisk(file, this)));

    private sealed class FileOnDisk(Stream file, FullDisk disk) : Stream
    {
        public override bool CanRead => file.CanRead;

        public override bool CanSeek => file.CanSeek;

        public override bool CanWrite => file.CanWrite;

        public override long Length => file.Length;

        public override long Position
        {
            get => file.Position;
            set => file.Position = value;
        }

        public override void Flush() => file.Flush();

        public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

        public override void SetLength(long value)
        {
            ThrowIfGrowing(value);
            file.SetLength(value);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            ThrowIfGrowing(file.Position + count);
            file.Write(buffer, offset, count);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                file.Dispose();
            }

            base.Dispose(disposing);
        }

        private void ThrowIfGrowing(long length)
        {
            if (disk.IsFull && length > file.Length)
            {
                throw new IOException("No space left on device", NoSpaceLeftOnDevice);
            }
        }
    }
}
