using System.Runtime.InteropServices;

namespace Kiseki.Engine.Artifacts;

/// <summary>What identifies an unchanged file without reading it: size, modification time and (on Unix) inode.</summary>
public readonly record struct FileStamp(long Size, long ModifiedTicks, ulong Inode)
{
    /// <summary>The stamp of an existing file; the inode is 0 when not asked for or not available.</summary>
    public static FileStamp Of(FileInfo info, bool withInode)
    {
        info.Refresh();
        return new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks, withInode ? InodeOf(info.FullName) : 0);
    }

    /// <summary>The inode number of <paramref name="path"/> on Linux; 0 elsewhere or on failure.</summary>
    public static ulong InodeOf(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return 0;
        }

        // struct stat on Linux x86-64 and arm64 starts with st_dev (8 bytes) then st_ino (8 bytes).
        Span<byte> buffer = stackalloc byte[256];
        try
        {
            unsafe
            {
                fixed (byte* pointer = buffer)
                {
                    return Stat(path, pointer) == 0 ? BitConverter.ToUInt64(buffer.Slice(8, 8)) : 0;
                }
            }
        }
        catch (EntryPointNotFoundException)
        {
            return 0;
        }
        catch (DllNotFoundException)
        {
            return 0;
        }
    }

    [DllImport("libc", EntryPoint = "stat", SetLastError = true)]
    private static extern unsafe int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, byte* buffer);
}
