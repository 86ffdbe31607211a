using TalksBot.Cli;

return await TalksBotCli.Create(Console.In, Console.Out, Console.Error).Parse(args).InvokeAsync().ConfigureAwait(false);
