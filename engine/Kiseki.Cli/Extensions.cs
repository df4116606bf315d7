using Kiseki.Cli.Commands;
using Spectre.Console.Cli;

namespace Kiseki.Cli;

/// <summary>Commands contributed by other parts of the CLI (validate, methods) registered beside the core verbs.</summary>
internal static class Extensions
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<ValidateCommand>("validate")
            .WithDescription("Read and bind a workflow; print every problem with file:line:column, code and hint.");
        config.AddCommand<SchemaCommand>("schema")
            .WithDescription("Print the workflow JSON schema with this build's method ids and parameters (types, ranges, choices).");
        config.AddBranch<MethodsSettings>("methods", methods =>
        {
            methods.SetDescription("List the method catalog, or describe one method's parameters and ports.");
            methods.SetDefaultCommand<MethodsCommand>();
            methods.AddCommand<MethodsDescribeCommand>("describe")
                .WithDescription("Parameters (type, default, range, description) and ports of one method.");
        });
    }
}
