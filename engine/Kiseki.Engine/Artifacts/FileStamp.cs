using System.Runtime.InteropServices;

namespace Kiseki.Engine.Artifacts;

/// <summary>
/// What identifies an unchanged file without reading it: size, modification time, status-change time (ctime) and (on
/// Unix) inode. The ctime cannot be set back by a user (<c>touch -r</c> restores the mtime but moves the ctime to now),
/// so a stamp that still matches means no byte was written since it was taken. Elsewhere than Linux the ctime and inode
/// are 0 and the stamp is (size, mtime).
/// </summary>
/// <param name="Size">Length in bytes.</param>
/// <param name="ModifiedTicks">Last write time (UTC ticks).</param>
/// <param name="Inode">Inode number (0 when not asked for or not available).</param>
/// <param name="ChangedNanoseconds">Status-change time in nanoseconds since the Unix epoch (0 when not available).</param>
public readonly record struct FileStamp(long Size, long ModifiedTicks, ulong Inode, long ChangedNanoseconds = 0)
{
    // struct stat on Linux x86-64 and on the generic layout of arm64 share these offsets.
    private const int InodeOffset = 8;
    private const int SizeOffset = 48;
    private const int ModifiedOffset = 88;
    private const int ChangedOffset = 104;

    /// <summary>The stamp of an existing file (one <c>stat</c> on Linux); the inode is 0 when not asked for.</summary>
    public static FileStamp Of(FileInfo info, bool withInode)
    {
        if (TryStat(info.FullName, out var stamp))
        {
            return withInode ? stamp : stamp with { Inode = 0 };
        }

        info.Refresh();
        return new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks, 0);
    }

    /// <summary>The inode number of <paramref name="path"/> on Linux; 0 elsewhere or on failure.</summary>
    public static ulong InodeOf(string path) => TryStat(path, out var stamp) ? stamp.Inode : 0;

    private static bool TryStat(string path, out FileStamp stamp)
    {
        stamp = default;
        if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture is not (Architecture.X64 or Architecture.Arm64))
        {
            return false;
        }

        Span<byte> buffer = stackalloc byte[256];
        try
        {
            unsafe
            {
                fixed (byte* pointer = buffer)
                {
                    if (Stat(path, pointer) != 0)
                    {
                        return false;
                    }
                }
            }
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }

        var modified = Nanoseconds(buffer, ModifiedOffset);
        stamp = new FileStamp(
            BitConverter.ToInt64(buffer.Slice(SizeOffset, 8)),
            DateTime.UnixEpoch.Ticks + (modified / 100),
            BitConverter.ToUInt64(buffer.Slice(InodeOffset, 8)),
            Nanoseconds(buffer, ChangedOffset));
        return true;
    }

    private static long Nanoseconds(ReadOnlySpan<byte> stat, int offset)
        => (BitConverter.ToInt64(stat.Slice(offset, 8)) * 1_000_000_000) + BitConverter.ToInt64(stat.Slice(offset + 8, 8));

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern unsafe int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* buffer);
}
