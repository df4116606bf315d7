using System.Security.Cryptography;
using Kiseki.Provenance.Tests.Support;
using static Kiseki.Provenance.Tests.Support.Records;

namespace Kiseki.Provenance.Tests;

public sealed class ValidationMemoTests
{
    [Fact]
    public void Close_AfterWrites_RemembersExactBytesOfDataAndLog()
    {
        using var folder = new StoreFolder();
        using (var store = folder.Open())
        {
            store.BeginRun(Run(RunId(1), Epoch));
        }

        var memo = File.ReadAllLines(folder.DatabasePath + ".verified");
        Assert.Equal(3, memo.Length);
        Assert.Equal("1", memo[1]);
        Assert.Equal(Digest(folder.DatabasePath), memo[2]);

        using (var store = folder.Open())
        {
            store.BeginRun(Run(RunId(2), Epoch.AddMinutes(1)));
        }

        var after = File.ReadAllLines(folder.DatabasePath + ".verified");
        Assert.NotEqual(memo[2], after[2]);
        Assert.Equal(Digest(folder.DatabasePath), after[2]);
        using var reopened = folder.Open(new ProvenanceOpenOptions { ReadOnly = true });
        Assert.NotNull(reopened.GetRun(RunId(2)));
    }

    [Fact]
    public void Open_DamagedAfterCleanClose_MemoNoLongerMatchesAndFileIsRefusedUnchanged()
    {
        using var folder = new StoreFolder();
        using (var store = folder.Open())
        {
            for (var i = 0; i < 50; i++)
            {
                store.BeginRun(Run(RunId(i), Epoch.AddMinutes(i)));
            }
        }

        Assert.True(File.Exists(folder.DatabasePath + ".verified"));
        var bytes = File.ReadAllBytes(folder.DatabasePath);
        for (var i = 8192; i < bytes.Length; i += 97)
        {
            bytes[i] ^= 0x5A;
        }

        File.WriteAllBytes(folder.DatabasePath, bytes);
        var error = Assert.Throws<ProvenanceStoreException>(() => folder.Open());
        Assert.Contains(folder.DatabasePath, error.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, File.ReadAllBytes(folder.DatabasePath));
    }

    [Fact]
    public void Open_ReadOnly_NeverWritesMemo()
    {
        using var folder = new StoreFolder();
        folder.Open().Dispose();
        File.Delete(folder.DatabasePath + ".verified");
        folder.Open(new ProvenanceOpenOptions { ReadOnly = true }).Dispose();
        Assert.False(File.Exists(folder.DatabasePath + ".verified"));
    }

    private static string Digest(string databasePath)
    {
        static string Part(byte[] bytes) => $"{bytes.LongLength}:{Convert.ToHexStringLower(SHA256.HashData(bytes))}";
        var log = Path.Combine(Path.GetDirectoryName(databasePath)!, "provenance-log.db");
        return Part(File.ReadAllBytes(databasePath)) + " " + (File.Exists(log) ? Part(File.ReadAllBytes(log)) : "-");
    }
}
