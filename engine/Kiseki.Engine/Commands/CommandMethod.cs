using System.Text.Json.Nodes;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Commands;

/// <summary>
/// The method identity every command step is recorded under (<c>kiseki.command@1</c>): its parameters are the step's
/// free-form <c>params</c> and its code and environment enter the key through the step's <see cref="CommandFingerprint"/>.
/// It is not in the method catalog; <see cref="CommandStepRunner"/> executes command steps.
/// </summary>
public static class CommandMethod
{
    /// <summary>The method id recorded for command steps.</summary>
    public const string Id = "kiseki.command";

    /// <summary>The descriptor shared by all command steps.</summary>
    public static MethodDescriptor Descriptor { get; } = new(
        new MethodAttribute(Id, 1)
        {
            Summary = "Runs the step's own command in a scratch folder (argv template, sources, probe, container).",
            Cpus = 1,
            MemoryMb = 1024,
            TimeMinutes = 30,
        },
        typeof(CommandStep), typeof(JsonObject), typeof(NoInputs), typeof(NoInputs), [], [], [], "kiseki.command/1",
        (_, _, _, _) => throw new InvalidOperationException("command steps are executed by CommandStepRunner, not invoked as a method."));

    /// <summary>True when <paramref name="method"/> is the command-step identity.</summary>
    public static bool Is(MethodDescriptor method) => ReferenceEquals(method, Descriptor) || method.Id == Id;
}
