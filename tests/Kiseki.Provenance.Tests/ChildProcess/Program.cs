using Kiseki.Provenance.LiteDb;
using Kiseki.Provenance.Tests.Support;

namespace Kiseki.Provenance.Tests.ChildProcess;

/// <summary>
/// Entry point used when the test assembly is started as a child process (<c>dotnet exec Kiseki.Provenance.Tests.dll VERB …</c>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: write STORE LABEL COUNT | hold STORE RUNID | churn STORE LABEL");
            return 2;
        }

        var storeDirectory = args[1];
        switch (args[0])
        {
            case "write":
                Write(storeDirectory, args[2], int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture));
                return 0;
            case "hold":
                Hold(storeDirectory, args[2]);
                return 0;
            case "bench":
                Bench(storeDirectory, int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture));
                return 0;
            case "churn":
                Churn(storeDirectory, args[2]);
                return 0;
            default:
                return 2;
        }
    }

    /// <summary>Records one run with <paramref name="count"/> executions, run steps and artifacts, plus shared keys.</summary>
    private static void Write(string storeDirectory, string label, int count)
    {
        using var store = LiteDbProvenanceStore.Open(storeDirectory);
        var runId = ChildWork.RunId(label);
        store.BeginRun(Records.Run(runId, Records.Epoch, "concurrent", ProcessIdentity.Current()));
        Console.WriteLine("ready");
        for (var i = 0; i < count; i++)
        {
            var execution = Records.Execution(ChildWork.ExecutionLabel(label, i), runId);
            var step = Records.Step(runId, "step" + i, execution.StepKey);
            var artifact = Records.Artifact(ChildWork.ExecutionLabel(label, i), execution.StepKey);
            if (i % 2 == 0)
            {
                store.RecordExecution(execution);
                store.RecordRunStep(step);
                store.RecordArtifact(artifact);
            }
            else
            {
                store.Record(new ProvenanceBatch { Executions = [execution], RunSteps = [step], Artifacts = [artifact] });
            }

            if (i < ChildWork.SharedCount)
            {
                store.RecordExecution(Records.Execution(ChildWork.SharedLabel(i), runId));
            }
        }

        store.UpdateRunStatus(runId, RunStatus.Succeeded, Records.Epoch.AddMinutes(1), null);
    }

    /// <summary>Times single records and batches (a quick measurement, not a test).</summary>
    private static void Bench(string storeDirectory, int count)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        using var store = LiteDbProvenanceStore.Open(storeDirectory);
        Console.WriteLine($"open: {clock.Elapsed.TotalMilliseconds:F1} ms");
        var runId = ChildWork.RunId("bench");
        store.BeginRun(Records.Run(runId, Records.Epoch, "bench", ProcessIdentity.Current()));
        clock.Restart();
        for (var i = 0; i < count; i++)
        {
            store.RecordRunStep(Records.Step(runId, "single" + i, null, RunStepStatus.Running));
        }

        Console.WriteLine($"single run-step writes: {clock.Elapsed.TotalMilliseconds / count:F2} ms each");
        clock.Restart();
        for (var i = 0; i < count; i++)
        {
            var execution = Records.Execution(ChildWork.ExecutionLabel("bench", i), runId);
            store.Record(new ProvenanceBatch
            {
                Executions = [execution],
                RunSteps = [Records.Step(runId, "step" + i, execution.StepKey)],
                Artifacts = [Records.Artifact(ChildWork.ExecutionLabel("bench", i), execution.StepKey)],
            });
        }

        Console.WriteLine($"step batches (execution + run step + artifact): {clock.Elapsed.TotalMilliseconds / count:F2} ms each");
        clock.Restart();
        for (var i = 0; i < count; i++)
        {
            _ = store.FindSuccessfulExecution(Records.Execution(ChildWork.ExecutionLabel("bench", i), runId).StepKey);
        }

        Console.WriteLine($"lookups by step key: {clock.Elapsed.TotalMilliseconds / count:F2} ms each");
    }

    /// <summary>Begins a run as this process, then waits to be killed.</summary>
    private static void Hold(string storeDirectory, string runId)
    {
        using var store = LiteDbProvenanceStore.Open(storeDirectory);
        store.BeginRun(Records.Run(runId, Records.Epoch, "held", ProcessIdentity.Current()));
        store.RecordRunStep(Records.Step(runId, "load", Records.Hash("load"), RunStepStatus.Succeeded));
        store.RecordRunStep(Records.Step(runId, "decompose", Records.Hash("decompose"), RunStepStatus.Running));
        Console.WriteLine("ready");
        Thread.Sleep(Timeout.Infinite);
    }

    /// <summary>Writes without end (the parent kills it at some moment, possibly inside a transaction).</summary>
    private static void Churn(string storeDirectory, string label)
    {
        using var store = LiteDbProvenanceStore.Open(storeDirectory);
        var runId = ChildWork.RunId(label);
        store.BeginRun(Records.Run(runId, Records.Epoch, "churn", ProcessIdentity.Current()));
        for (var i = 0; ; i++)
        {
            if (i == 1)
            {
                Console.WriteLine("ready");
            }

            var execution = Records.Execution(ChildWork.ExecutionLabel(label, i), runId);
            store.Record(new ProvenanceBatch
            {
                Executions = [execution],
                RunSteps = [Records.Step(runId, "step" + i, execution.StepKey)],
                Artifacts = [Records.Artifact(ChildWork.ExecutionLabel(label, i), execution.StepKey)],
            });
        }
    }
}
