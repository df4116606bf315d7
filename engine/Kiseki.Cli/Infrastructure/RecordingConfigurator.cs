using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;

namespace Kiseki.Cli.Infrastructure;

/// <summary>Passes every registration through to Spectre's configurator and records each verb in a <see cref="VerbTable"/>.</summary>
internal sealed class RecordingConfigurator(IConfigurator inner, VerbTable table) : IConfigurator
{
    public ICommandAppSettings Settings => inner.Settings;

    public IConfigurator SetHelpProvider(IHelpProvider helpProvider)
    {
        inner.SetHelpProvider(helpProvider);
        return this;
    }

    public IConfigurator SetHelpProvider<T>()
        where T : IHelpProvider
    {
        inner.SetHelpProvider<T>();
        return this;
    }

    public IConfigurator AddExample(params string[] args)
    {
        inner.AddExample(args);
        return this;
    }

    public ICommandConfigurator AddCommand<TCommand>(string name)
        where TCommand : class, ICommand
    {
        table.Add(name, typeof(TCommand));
        return inner.AddCommand<TCommand>(name);
    }

    public ICommandConfigurator AddDelegate<TSettings>(string name, Func<CommandContext, TSettings, CancellationToken, int> func)
        where TSettings : CommandSettings => inner.AddDelegate(name, func);

    public ICommandConfigurator AddAsyncDelegate<TSettings>(string name, Func<CommandContext, TSettings, CancellationToken, Task<int>> func)
        where TSettings : CommandSettings => inner.AddAsyncDelegate(name, func);

    public IBranchConfigurator AddBranch<TSettings>(string name, Action<IConfigurator<TSettings>> action)
        where TSettings : CommandSettings
    {
        table.AddBranch(name, typeof(TSettings));
        return inner.AddBranch<TSettings>(name, branch => action(new RecordingConfigurator<TSettings>(branch, table, name)));
    }
}

/// <summary>The branch form of <see cref="RecordingConfigurator"/>: records <c>branch verb</c> paths.</summary>
internal sealed class RecordingConfigurator<TSettings>(IConfigurator<TSettings> inner, VerbTable table, string path) : IConfigurator<TSettings>
    where TSettings : CommandSettings
{
    public void SetDescription(string description) => inner.SetDescription(description);

    public void AddExample(params string[] args) => inner.AddExample(args);

    public void SetDefaultCommand<TDefaultCommand>()
        where TDefaultCommand : class, ICommandLimiter<TSettings>
    {
        table.Add(path, typeof(TDefaultCommand));
        inner.SetDefaultCommand<TDefaultCommand>();
    }

    public void HideBranch() => inner.HideBranch();

    public ICommandConfigurator AddCommand<TCommand>(string name)
        where TCommand : class, ICommandLimiter<TSettings>
    {
        table.Add(path + " " + name, typeof(TCommand));
        return inner.AddCommand<TCommand>(name);
    }

    public ICommandConfigurator AddDelegate<TDerivedSettings>(string name, Func<CommandContext, TDerivedSettings, CancellationToken, int> func)
        where TDerivedSettings : TSettings => inner.AddDelegate(name, func);

    public ICommandConfigurator AddAsyncDelegate<TDerivedSettings>(string name, Func<CommandContext, TDerivedSettings, CancellationToken, Task<int>> func)
        where TDerivedSettings : TSettings => inner.AddAsyncDelegate(name, func);

    public IBranchConfigurator AddBranch<TDerivedSettings>(string name, Action<IConfigurator<TDerivedSettings>> action)
        where TDerivedSettings : TSettings
    {
        table.AddBranch(path + " " + name, typeof(TDerivedSettings));
        return inner.AddBranch<TDerivedSettings>(name, branch => action(new RecordingConfigurator<TDerivedSettings>(branch, table, path + " " + name)));
    }
}
