using System.CommandLine;
using Gateway.Load.Cli;

// gateway-load: the end-to-end load harness (bench/Load/README.md).
var root = new RootCommand("Load harness for the Axis Gateway: steady load against a real gateway process and same-run peers.");
root.Subcommands.Add(RunCommand.Create(args));
root.Subcommands.Add(EchoServerCommand.Create());
// Ctrl+C or SIGTERM cancels the run; the harness then stops every server it started (RabbitMQ takes
// a few seconds), so the process is given 30 s before System.CommandLine ends it.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
