using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TalksBot.Core.Knowledge;
using TalksBot.Core.Knowledge.LiteDb;

namespace TalksBot.Core.Tests.Knowledge;

/// <summary>
/// A disk that can fill up: while <see cref="IsFull"/>, growing the database or its log fails as the kernel fails it
/// (an <see cref="IOException"/> carrying <see cref="Errno"/>, ENOSPC by default), under the real LiteDB engine;
/// rewriting bytes already there still works.
/// </summary>
internal sealed class FullDisk
{
    public const int NoSpaceLeftOnDevice = 28;

    private volatile bool _full;

    public bool IsFull
    {
        get => _full;
        set => _full = value;
    }

    /// <summary>The error number a refused write reports (as .NET reports it on Linux, in <see cref="Exception.HResult"/>).</summary>
    public int Errno { get; set; } = NoSpaceLeftOnDevice;

    /// <summary>Opens the test's database through this disk (instead of the default registration).</summary>
    public void Register(IServiceCollection services) =>
        services.AddSingleton(sp => LiteDbKnowledgeDatabase.Open(
            sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value.DatabasePath,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<KnowledgeChangeFeed>(),
            sp.GetRequiredService<ILogger<LiteDbKnowledgeDatabase>>(),
            file => new FileOnDisk(file, this)));

    private sealed class FileOnDisk(Stream file, FullDisk disk) : PassThroughStream(file)
    {
        public override void SetLength(long value)
        {
            ThrowIfGrowing(value);
            base.SetLength(value);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            ThrowIfGrowing(Position + count);
            base.Write(buffer, offset, count);
        }

        private void ThrowIfGrowing(long length)
        {
            if (disk.IsFull && length > Length)
            {
                throw new IOException("The disk refused the write", disk.Errno);
            }
        }
    }
}
