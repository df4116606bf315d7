using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Engine.Artifacts;

namespace Kiseki.Engine.Execution;

/// <summary>
/// Runs one step in this process: decodes its inputs from the object store, invokes the method with a seeded
/// <see cref="MethodContext"/> and a private scratch folder (deleted after), and stores its outputs.
/// </summary>
public sealed class StepRunner(ArtifactCodec codec, string scratchRoot, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Name of the environment variable that sets <see cref="ArrayMemoryBudget"/> in bytes.</summary>
    public const string ArrayBudgetVariable = "KISEKI_ARRAY_BUDGET";

    /// <summary>
    /// Bytes of array data a method may hold per input (<see cref="MethodContext.ArrayMemoryBudget"/>): larger spectrum
    /// images stay in their files and are streamed by rows where the method can. From <c>KISEKI_ARRAY_BUDGET</c>
    /// (bytes) when set, else <see cref="MethodContext.DefaultArrayMemoryBudget"/>.
    /// </summary>
    public long ArrayMemoryBudget { get; init; } = BudgetFromEnvironment();

    /// <summary>
    /// <c>KISEKI_ARRAY_BUDGET</c> as a whole number of bytes; unset gives the default, and a value that is not a whole
    /// number is reported on stderr and ignored (outputs never depend on the budget, only memory and speed do).
    /// </summary>
    public static long BudgetFromEnvironment()
    {
        var text = System.Environment.GetEnvironmentVariable(ArrayBudgetVariable);
        if (string.IsNullOrWhiteSpace(text))
        {
            return MethodContext.DefaultArrayMemoryBudget;
        }

        if (long.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bytes))
        {
            return bytes;
        }

        Console.Error.WriteLine($"warning: {ArrayBudgetVariable}='{text}' is not a whole number of bytes; using the default array memory budget");
        return MethodContext.DefaultArrayMemoryBudget;
    }

    /// <summary>Executes <paramref name="work"/>; method failures and cancellation become outcomes.</summary>
    public async Task<StepOutcome> RunAsync(StepWork work, IProgress<StepProgress> progress, CancellationToken cancellationToken)
    {
        if (work.Command is { } command)
        {
            return await new Commands.CommandStepRunner(codec, scratchRoot, _clock).RunAsync(work, command, cancellationToken).ConfigureAwait(false);
        }

        var started = _clock.GetUtcNow();
        var log = new CapturedStepLog();

        // A method's warnings (a file read although cut short, …) reach the user as they happen, not only the record;
        // the engine's own note of a failure's stack trace stays in the record only.
        var echoWarnings = true;
        log.LineWritten += line =>
        {
            if (echoWarnings && line.StartsWith("warning: ", StringComparison.Ordinal))
            {
                Console.Error.WriteLine($"warning: step '{work.StepId}': {line["warning: ".Length..]}");
            }
        };
        var scratch = Path.Combine(scratchRoot, Guid.NewGuid().ToString("N"));
        try
        {
            var inputs = new Dictionary<string, IArtifact?>(StringComparer.Ordinal);
            foreach (var (port, input) in work.Inputs)
            {
                inputs[port] = input.Path is not null
                    ? new FileArtifact(input.Path, input.Hash, new FileInfo(input.Path).Length)
                    : codec.Decode(input.Hash, input.Kind);
            }

            Directory.CreateDirectory(scratch);
            var parameters = ParameterJson.ToRecord(work.Method, work.Parameters);
            var context = new MethodContext
            {
                StepId = work.StepId,
                Seed = work.Seed,
                Random = new Xoshiro256StarStar(work.Seed),
                Log = log,
                Progress = progress,
                MaxDegreeOfParallelism = Math.Max(1, work.Threads),
                ScratchDirectory = scratch,
                Evaluator = work.Evaluator,
                ArrayMemoryBudget = ArrayMemoryBudget,
            };
            var invocation = await work.Method.InvokeAsync(inputs, parameters, context, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var outputs = new Dictionary<string, StoredArtifact>(StringComparer.Ordinal);
            foreach (var (port, artifact) in invocation.Outputs.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                outputs[port] = codec.Encode(artifact);
            }

            return new StepOutcome(
                StepOutcomeStatus.Succeeded, outputs, invocation.Convergence, invocation.Metrics, log.Excerpt(), null,
                started, _clock.GetUtcNow());
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Failure(StepOutcomeStatus.Cancelled, "cancelled", log, started);
        }
        catch (MethodException e)
        {
            return Failure(StepOutcomeStatus.Failed, Describe(work, e.Message), log, started);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            echoWarnings = false;
            log.Warning(e.ToString());
            return Failure(StepOutcomeStatus.Failed, Describe(work, $"{e.GetType().Name}: {e.Message}"), log, started);
        }
        finally
        {
            TryDelete(scratch);
        }
    }

    private static string Describe(StepWork work, string message) => $"step '{work.StepId}' ({work.Method.Reference}): {message}";

    private StepOutcome Failure(StepOutcomeStatus status, string error, CapturedStepLog log, DateTimeOffset started)
        => new(status, new Dictionary<string, StoredArtifact>(), null, new Dictionary<string, double>(), log.Excerpt(), error,
            started, _clock.GetUtcNow());

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>Executes steps in this process.</summary>
public sealed class LocalStepExecutor(StepRunner runner) : IStepExecutor
{
    /// <inheritdoc />
    public string Name => "local";

    /// <inheritdoc />
    public Task<StepOutcome> ExecuteAsync(StepWork work, IProgress<StepProgress> progress, CancellationToken cancellationToken)
        => Task.Run(() => runner.RunAsync(work, progress, cancellationToken), CancellationToken.None);
}
