using Rempart.Cli;

return await RempartCli.RunAsync(args, Console.Out, Console.Error);
