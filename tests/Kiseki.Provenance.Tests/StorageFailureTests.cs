using System.Diagnostics;
using Kiseki.Provenance.LiteDb;
using Kiseki.Testing;
using static Kiseki.Provenance.Tests.Support.Records;

namespace Kiseki.Provenance.Tests;

public sealed class StorageFailureTests
{
    [SkippableFact]
    public void Write_DiskFull_ThrowsSayingWhatFailedAndEarlierRecordsReadable()
    {
        using var root = new TempDirectory();
        var mountPoint = root.Combine("small");
        Directory.CreateDirectory(mountPoint);
        Skip.IfNot(Exec("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", mountPoint), "needs permission to mount a small tmpfs");
        try
        {
            var storePath = Path.Combine(mountPoint, ".kiseki");
            using (var store = LiteDbProvenanceStore.Open(storePath))
            {
                store.BeginRun(Run(RunId(1), Epoch));
                var filler = Path.Combine(mountPoint, "filler");
                try
                {
                    File.WriteAllBytes(filler, new byte[2 << 20]);
                }
                catch (IOException)
                {
                    // The disk is full now.
                }

                var big = new string('x', 300_000);
                var error = Assert.Throws<ProvenanceStoreException>(() =>
                {
                    for (var i = 2; i < 10; i++)
                    {
                        store.BeginRun(Run(RunId(i), Epoch) with { WorkflowText = big });
                    }
                });
                Assert.Contains("could not record run", error.Message, StringComparison.Ordinal);
                Assert.NotNull(store.GetRun(RunId(1)));
                File.Delete(filler);
            }

            using var reopened = LiteDbProvenanceStore.Open(storePath, new ProvenanceOpenOptions { ReadOnly = true });
            Assert.Equal(Epoch, reopened.GetRun(RunId(1))!.StartedAt);
        }
        finally
        {
            if (!Exec("umount", mountPoint))
            {
                Exec("umount", "-l", mountPoint);
            }
        }
    }

    private static bool Exec(string file, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { UseShellExecute = false, RedirectStandardError = true })!;
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
