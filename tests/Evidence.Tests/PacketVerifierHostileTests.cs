using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Evidence.Tests.Support;

namespace SentimentWatch.Evidence.Tests;

/// <summary>Packets built to hang, exhaust or crash the verifier end in a verdict with a reason (issue 13).</summary>
public sealed class PacketVerifierHostileTests(PacketVerifierTests.Packet packet) : IClassFixture<PacketVerifierTests.Packet>
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);

    private string Copy() => PacketTools.CopyPacket(packet.Dir, Directory.CreateTempSubdirectory("sw-test-hostile-").FullName);

    private Task<PacketVerification> VerifyAsync(string path) =>
        packet.Harness.Verifier.VerifyAsync(path, new VerificationAnchors(null, packet.TsaRoot), CancellationToken.None).WaitAsync(Bound);

    private static VerificationCheck Failed(PacketVerification v, string check) =>
        Assert.Single(v.Checks, c => c.Name == check && c.Outcome == CheckOutcome.Fail);

    [Fact]
    public async Task Verify_FifoInDirectoryPacket_FailsNamingItWithoutBlocking()
    {
        var dir = Copy();
        var fifo = Path.Combine(dir, "capture", "page-source.html");
        File.Delete(fifo);
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]))!)
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        // Reading the FIFO would block for ever (no writer); WaitAsync turns a hang into a failed test.
        var v = await VerifyAsync(dir);

        Assert.False(v.Passed);
        Assert.Contains("capture/page-source.html (FIFO)", Failed(v, "regular-files").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_SymlinkToDevZero_FailsWithoutReadingIt()
    {
        var dir = Copy();
        var target = Path.Combine(dir, "capture", "page-source.html");
        File.Delete(target);
        File.CreateSymbolicLink(target, "/dev/zero");

        var v = await VerifyAsync(dir);

        Assert.False(v.Passed);
        Assert.Contains("capture/page-source.html", Failed(v, "no-links").Detail, StringComparison.Ordinal);
        Assert.Contains("none of its files was read", Failed(v, "packet").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_ZipEntryOfOneGibZerosDeclaredSmall_NeverUnpackedPastItsDeclaration()
    {
        var temp = Directory.CreateTempSubdirectory("sw-test-bomb-").FullName;
        var zip = Path.Combine(temp, "bomb.zip");
        WriteZip(zip, "EVD-1/MANIFEST.sha256", DeflatedZeros(1L << 30), declaredSize: 1000);
        var free = new DriveInfo(Path.GetTempPath()).AvailableFreeSpace;

        var v = await VerifyAsync(zip);

        // The entry is read no further than its declared 1000 bytes (size checked before and while writing), so the
        // packet fails on its content, not on a full disk.
        Assert.False(v.Passed);
        Failed(v, "manifest-sha256");
        Assert.True(Math.Abs(new DriveInfo(Path.GetTempPath()).AvailableFreeSpace - free) < (256L << 20));
        Directory.Delete(temp, recursive: true);
    }

    [Fact]
    public async Task Verify_ZipEntryDeclaringOneGibOfZeros_RefusedBeforeAnythingIsWritten()
    {
        var temp = Directory.CreateTempSubdirectory("sw-test-bomb-").FullName;
        var zip = Path.Combine(temp, "bomb.zip");
        WriteZip(zip, "EVD-1/MANIFEST.sha256", DeflatedZeros(1L << 30), declaredSize: 1L << 30);

        var v = await VerifyAsync(zip);

        var check = Failed(v, "archive-safety");
        Assert.Contains("expands", check.Detail, StringComparison.Ordinal);
        Assert.Contains("nothing was unpacked", check.Detail, StringComparison.Ordinal);
        Assert.Single(v.Checks);
        Directory.Delete(temp, recursive: true);
    }

    [Theory]
    [InlineData("99999999999999999999999")]
    [InlineData("2147483000")]
    [InlineData("-5")]
    [InlineData("4096")]
    public async Task Verify_WarcContentLengthHostile_FailsWithReason(string contentLength)
    {
        var dir = Copy();
        var warc = Path.Combine(dir, "capture", "capture.warc.gz");
        await using (var file = File.Create(warc))
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
        {
            await gzip.WriteAsync(Encoding.ASCII.GetBytes($"WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: {contentLength}\r\n\r\nshort\r\n\r\n"));
        }

        var v = await VerifyAsync(dir);

        var detail = Failed(v, "warc capture/capture.warc.gz").Detail;
        Assert.True(detail.Contains("Content-Length", StringComparison.Ordinal), detail);
    }

    /// <summary>Raw deflate of <paramref name="size"/> zero bytes (about 1 MB per GiB).</summary>
    private static byte[] DeflatedZeros(long size)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            for (long written = 0; written < size; written += zeros.Length)
            {
                deflate.Write(zeros);
            }
        }

        return output.ToArray();
    }

    /// <summary>A one-entry zip whose headers declare <paramref name="declaredSize"/> uncompressed bytes, whatever the data holds.</summary>
    private static void WriteZip(string path, string name, byte[] deflated, long declaredSize)
    {
        var n = Encoding.ASCII.GetBytes(name);
        using var f = new BinaryWriter(File.Create(path));
        f.Write(0x04034b50u); f.Write((ushort)20); f.Write((ushort)0); f.Write((ushort)8); f.Write(0u); f.Write(0u);
        f.Write((uint)deflated.Length); f.Write((uint)declaredSize); f.Write((ushort)n.Length); f.Write((ushort)0); f.Write(n); f.Write(deflated);
        var cd = f.BaseStream.Position;
        f.Write(0x02014b50u); f.Write((ushort)20); f.Write((ushort)20); f.Write((ushort)0); f.Write((ushort)8); f.Write(0u); f.Write(0u);
        f.Write((uint)deflated.Length); f.Write((uint)declaredSize); f.Write((ushort)n.Length); f.Write((ushort)0); f.Write((ushort)0);
        f.Write((ushort)0); f.Write((ushort)0); f.Write(0u); f.Write(0u); f.Write(n);
        var cdSize = f.BaseStream.Position - cd;
        f.Write(0x06054b50u); f.Write((ushort)0); f.Write((ushort)0); f.Write((ushort)1); f.Write((ushort)1); f.Write((uint)cdSize); f.Write((uint)cd); f.Write((ushort)0);
    }
}
