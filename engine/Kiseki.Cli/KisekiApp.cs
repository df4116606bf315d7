using System.Runtime.InteropServices;
using Kiseki.Cli.Commands;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Methods;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli;

/// <summary>The composition root of the <c>kiseki</c> command: the only place that wires everything together.</summary>
public static class KisekiApp
{
    /// <summary>Runs the command line <paramref name="args"/> on <paramref name="console"/> (default: the terminal); returns the exit code.</summary>
    public static Task<int> RunAsync(string[] args, IAnsiConsole? console = null, CancellationToken cancellationToken = default)
    {
        console ??= TerminalConsole.Create();
        var verbs = new VerbTable();
        var usage = new UsageContext(args, verbs);
        var registrar = new TypeRegistrar();
        registrar.RegisterInstance(typeof(IAnsiConsole), console);
        registrar.RegisterLazy(typeof(MethodCatalog), KisekiMethods.CreateCatalog);
        var app = new CommandApp(registrar);
        app.Configure(spectre =>
        {
            var config = new RecordingConfigurator(spectre, verbs);
            config.SetApplicationName("kiseki");
            config.ConfigureConsole(console);
            config.UseStrictParsing();
            config.SetExceptionHandler((exception, _) => CliErrors.Handle(Unwrap(exception), console, usage));
            Register(config);
        });
        return app.RunAsync(args, cancellationToken);
    }

    private static void Register(IConfigurator config)
    {
        config.AddCommand<RunCommand>("run").WithDescription("Run a workflow: cached steps are reused, the rest execute; provenance is recorded.")
            .WithExample("run", "workflows/example.yaml", "--set", "components=5", "--jobs", "4");
        config.AddCommand<PlanCommand>("plan").WithDescription("Show what a run would do: each step cached or to run, with reasons.");
        config.AddCommand<LogCommand>("log").WithDescription("List the recorded runs, newest first.");
        config.AddCommand<ShowCommand>("show").WithDescription("Show a run, a step's latest execution, or an artifact (unique prefixes accepted).");
        config.AddCommand<InvokeCommand>("invoke").WithDescription("Run one method outside a workflow and write its outputs as files.");
        config.AddCommand<InspectCommand>("inspect").WithDescription("Describe what a data file holds.");
        config.AddCommand<ExecStepCommand>("exec-step").WithDescription("Execute one planned step from a spec file (used by subprocess and cluster executors).");
        Extensions.Register(config);
        Commands.Audit.AuditCommands.Register(config);
    }

    /// <summary>Every verb path of the command line (<c>run</c>, <c>methods describe</c>, <c>snapshot</c>, …).</summary>
    public static IReadOnlyList<string> Verbs() => VerbTable().Paths;

    /// <summary>The verbs with the settings type of each (what <c>--help</c> and option errors are made from).</summary>
    public static VerbTable VerbTable()
    {
        var verbs = new VerbTable();
        var app = new CommandApp(new TypeRegistrar());
        app.Configure(spectre => Register(new RecordingConfigurator(spectre, verbs)));
        return verbs;
    }

    private static Exception Unwrap(Exception exception)
        => exception is System.Reflection.TargetInvocationException { InnerException: { } inner } ? Unwrap(inner)
            : exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? Unwrap(aggregate.InnerExceptions[0])
            : exception;
}

/// <summary>The process entry point: wires Ctrl-C (SIGINT) and SIGTERM to a clean cancellation.</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cancellation = new CancellationTokenSource();
        void Cancel(PosixSignalContext context)
        {
            context.Cancel = true;
            cancellation.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);
        return await KisekiApp.RunAsync(args, null, cancellation.Token);
    }
}
