using System.Diagnostics;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;

namespace Kiseki.Engine.Execution;

/// <summary>
/// Executes each step in a child process with <c>kiseki exec-step SPEC</c> (isolation; the pattern cluster executors
/// follow). The child writes objects into the shared object store and a result file; it never opens the database.
/// </summary>
/// <param name="command">The command that starts kiseki, e.g. <c>["/usr/bin/kiseki"]</c> or <c>["dotnet", "kiseki.dll"]</c>.</param>
/// <param name="objects">The object store shared with the child.</param>
public sealed class SubprocessStepExecutor(IReadOnlyList<string> command, ObjectStore objects) : IStepExecutor
{
    /// <inheritdoc />
    public string Name => "subprocess";

    /// <inheritdoc />
    public async Task<StepOutcome> ExecuteAsync(StepWork work, IProgress<StepProgress> progress, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(objects.Root, "specs");
        Directory.CreateDirectory(directory);
        var name = Guid.NewGuid().ToString("N");
        var specPath = Path.Combine(directory, name + ".json");
        var resultPath = Path.Combine(directory, name + ".result.json");
        var started = DateTimeOffset.UtcNow;
        StepSpec.WriteFile(specPath, StepSpec.Write(work, objects.Root, resultPath));
        try
        {
            var info = new ProcessStartInfo(command[0])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in command.Skip(1).Concat(["exec-step", specPath]))
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {command[0]}");
            var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                return Failed(StepOutcomeStatus.Cancelled, "cancelled", started);
            }

            if (!File.Exists(resultPath))
            {
                var output = (await stdout.ConfigureAwait(false)) + (await stderr.ConfigureAwait(false));
                return Failed(StepOutcomeStatus.Failed,
                    $"step '{work.StepId}' ({work.Method.Reference}): exec-step exited with code {process.ExitCode} " +
                    $"without a result file: {Tail(output)}", started);
            }

            progress.Report(new StepProgress(1.0));
            var result = JsonNode.Parse(await File.ReadAllTextAsync(resultPath, CancellationToken.None).ConfigureAwait(false))!.AsObject();
            return StepSpec.ReadResult(result);
        }
        finally
        {
            File.Delete(specPath);
            File.Delete(resultPath);
        }
    }

    private static string Tail(string text) => text.Length <= 2000 ? text.Trim() : "…" + text[^2000..].Trim();

    private static StepOutcome Failed(StepOutcomeStatus status, string error, DateTimeOffset started)
        => new(status, new Dictionary<string, StoredArtifact>(), null, new Dictionary<string, double>(), "", error, started,
            DateTimeOffset.UtcNow);
}
