using NearDup.Cli;

return await NearDupCommand.Create().Parse(args).InvokeAsync().ConfigureAwait(false);
