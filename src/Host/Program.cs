using SentimentWatch.Host.Cli;

return await CommandLine.RunAsync(args);
