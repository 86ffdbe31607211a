using System.Diagnostics;
using System.Globalization;

namespace TalksBot.LoadTest;

/// <summary>One reading of the bot's memory.</summary>
internal sealed record MemorySample(double ElapsedSeconds, double ResidentMb);

/// <summary>CPU time used over a span of wall time, in cores (1.0 = one core busy all the time).</summary>
internal sealed record CpuUse(double BotCores, double ToolCores, double MachineCores, double OthersCores, string LoadAverage);

/// <summary>Samples the bot's VmRSS at a fixed interval, and CPU use (bot, this tool, the whole machine) between two marks.</summary>
internal sealed class ResourceSampler(BotProcess bot, TimeSpan interval) : IAsyncDisposable
{
    private readonly List<MemorySample> _samples = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Task? _loop;
    private CpuMark? _mark;

    public IReadOnlyList<MemorySample> Samples
    {
        get
        {
            lock (_samples)
            {
                return [.. _samples];
            }
        }
    }

    public void Start()
    {
        Sample();
        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
                {
                    Sample();
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    /// <summary>Starts measuring CPU use (call when the measured part begins).</summary>
    public void MarkCpu() => _mark = CpuMark.Now(bot);

    /// <summary>CPU use since <see cref="MarkCpu"/>.</summary>
    public CpuUse CpuSinceMark()
    {
        var start = _mark ?? throw new InvalidOperationException("MarkCpu was not called.");
        var end = CpuMark.Now(bot);
        var wall = (end.Wall - start.Wall).TotalSeconds;
        if (wall <= 0)
        {
            return new CpuUse(0, 0, 0, 0, LoadAverage());
        }

        var botCores = (end.Bot - start.Bot).TotalSeconds / wall;
        var toolCores = (end.Tool - start.Tool).TotalSeconds / wall;
        var machineCores = (end.MachineBusy - start.MachineBusy) / 100.0 / wall;
        return new CpuUse(botCores, toolCores, machineCores, Math.Max(0, machineCores - botCores - toolCores), LoadAverage());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        _stop.Dispose();
    }

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "?";
        }
    }

    private void Sample()
    {
        if (bot.ResidentMegabytes() is { } mb)
        {
            lock (_samples)
            {
                _samples.Add(new MemorySample(_clock.Elapsed.TotalSeconds, mb));
            }
        }
    }

    private sealed record CpuMark(TimeSpan Wall, TimeSpan Bot, TimeSpan Tool, long MachineBusy)
    {
        private static readonly Stopwatch Clock = Stopwatch.StartNew();

        public static CpuMark Now(BotProcess bot)
        {
            using var self = Process.GetCurrentProcess();
            return new CpuMark(Clock.Elapsed, bot.CpuTime(), self.TotalProcessorTime, MachineBusyTicks());
        }

        /// <summary>Busy jiffies of all CPUs since boot (first line of /proc/stat, without idle and iowait).</summary>
        private static long MachineBusyTicks()
        {
            try
            {
                var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                    .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
                // user nice system idle iowait irq softirq steal (guest time is already in user).
                return fields.Take(8).Sum() - fields[3] - fields[4];
            }
            catch (Exception exception) when (exception is IOException or FormatException)
            {
                return 0;
            }
        }
    }
}
