using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(TalksBot.Benchmarks.AskBenchmarks).Assembly).Run(args);
