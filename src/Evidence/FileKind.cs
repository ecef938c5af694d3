using System.Runtime.InteropServices;

namespace SentimentWatch.Evidence;

/// <summary>
/// What kind of file system entry a path is, without following links and without opening it: a FIFO blocks the
/// reader that opens it and a character device never ends, so a verifier must know before it reads. .NET does not
/// expose the file type, so on Linux this asks <c>statx</c> (whose layout is the same on every architecture).
/// </summary>
internal static class FileKind
{
    public const string Regular = "regular file";
    public const string Directory = "directory";
    public const string Link = "symbolic link";

    /// <summary>The entry's kind ("regular file", "directory", "symbolic link", "FIFO", "character device", …).</summary>
    public static string Of(string path)
    {
        if (OperatingSystem.IsLinux())
        {
            var buffer = new byte[256];
            if (Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxType, buffer) != 0)
            {
                throw new IOException($"cannot stat '{path}' (errno {Marshal.GetLastPInvokeError()})");
            }

            // struct statx: stx_mode is the u16 at offset 28.
            return (BitConverter.ToUInt16(buffer, 28) & 0xF000) switch
            {
                0x8000 => Regular,
                0x4000 => Directory,
                0xA000 => Link,
                0x1000 => "FIFO",
                0x2000 => "character device",
                0x6000 => "block device",
                0xC000 => "socket",
                var other => $"file type 0x{other:x}",
            };
        }

        // Elsewhere: links are told apart; other special files are not (the product runs on Linux).
        var info = new FileInfo(path);
        return info.LinkTarget is not null ? Link : info.Attributes.HasFlag(FileAttributes.Directory) ? Directory : Regular;
    }

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxType = 0x1;

    // DllImport rather than LibraryImport: the generated form needs unsafe code enabled for the whole assembly.
    [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static extern int Statx(int dirfd, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, uint mask, [Out] byte[] buffer);
}
