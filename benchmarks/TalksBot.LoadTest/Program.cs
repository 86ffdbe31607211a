using System.CommandLine;
using System.Runtime.InteropServices;
using TalksBot.LoadTest;

// Ctrl+C and SIGTERM end the run early but still report and kill the bot (System.CommandLine's own handling is off).
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
return await LoadTestCli.Create(Console.Out).Parse(args)
    .InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }, stop.Token).ConfigureAwait(false);
