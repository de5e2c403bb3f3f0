using OpsConsole.Cli;

return await OpsCli.RunAsync(args);
