using Gateway.Cli;

return await GatewayCli.InvokeAsync(args);
