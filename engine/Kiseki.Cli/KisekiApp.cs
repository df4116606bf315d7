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
            VerbRegistry.Register(config);
        });
        return app.RunAsync(args, cancellationToken);
    }

    /// <summary>Every verb path of the command line (<c>run</c>, <c>methods describe</c>, <c>snapshot</c>, …).</summary>
    public static IReadOnlyList<string> Verbs() => VerbTable().Paths;

    /// <summary>The verbs with the settings type of each (what <c>--help</c> and option errors are made from).</summary>
    public static VerbTable VerbTable()
    {
        var verbs = new VerbTable();
        var app = new CommandApp(new TypeRegistrar());
        app.Configure(spectre => VerbRegistry.Register(new RecordingConfigurator(spectre, verbs)));
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
