using System.IO.Compression;
using CsCheck;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Evidence.Tests.Support;
using SentimentWatch.Testing;
using Xunit.Abstractions;

namespace SentimentWatch.Evidence.Tests.Fuzz;

/// <summary>
/// Fuzzing the packet verifier (issue 13): random bytes, random archives and randomly mutated copies of a sound packet
/// all get a verdict — never an exception, never a hang, never a pass for a changed packet.
/// </summary>
public sealed class PacketVerifierFuzzTests(PacketVerifierTests.Packet packet, ITestOutputHelper output) : IClassFixture<PacketVerifierTests.Packet>
{
    // A wall bound, not a speed check: it fails only on an input whose verification does not end (speed is measured in
    // benchmarks); the verifier's own deadlines are not on a TimeProvider that a test could advance. The verification
    // runs on a pool thread, so a loop before its first await hangs that thread, not the test.
    private static readonly TimeSpan MaxPerInput = TimeSpan.FromSeconds(10);

    private PacketVerification Verify(string path) =>
        Fuzzing.Within(MaxPerInput, "verification of " + path, () => packet.Harness.Verifier.VerifyAsync(path, new VerificationAnchors(null, packet.TsaRoot), CancellationToken.None));

    // The bound applies per verification (inside the property), so the runner's own bound is the same wall time again.
    private void Run<T>(Gen<T> gen, Action<T> property, string name) => Fuzzing.Run(gen, property, output, name, MaxPerInput + MaxPerInput);

    [Fact]
    public void Verify_RandomBytesAsZip_FailsNeverThrows()
    {
        var dir = Directory.CreateTempSubdirectory("sw-fuzz-zip-").FullName;
        var zip = Path.Combine(dir, "x.zip");
        Run(Gen.Frequency((3, Gen.Byte.Array[0, 4096]), (1, Gen.Byte.Array[0, 64].Select(b => (byte[])[.. "PK\u0003\u0004"u8, .. b]))), bytes =>
        {
            File.WriteAllBytes(zip, bytes);
            Assert.False(Verify(zip).Passed);
        }, "random zip bytes");
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Verify_RandomArchives_FailsNeverThrows()
    {
        var dir = Directory.CreateTempSubdirectory("sw-fuzz-arch-").FullName;
        var zip = Path.Combine(dir, "x.zip");
        var names = Gen.OneOf("EVD-1/MANIFEST.sha256", "EVD-1/MANIFEST.sm3", "EVD-1/capture/capture.warc.gz", "EVD-1/custody/CUSTODY.log", "../x", "/etc/x",
            "EVD-1/a/../../b", "EVD-1/", "EVD-1/名字", "C:/x", "EVD-1/x\\y", "EVD-1/MANIFEST.sha256.p7s", "EVD-1/MANIFEST.sha256.tsr");
        var entry = Gen.Select(names, Gen.Frequency((3, Gen.Byte.Array[0, 512]), (1, Gen.Const("0000000000000000000000000000000000000000000000000000000000000000  capture/x\n"u8.ToArray()))));
        Run(entry.Array[1, 8], entries =>
        {
            File.Delete(zip);
            using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
            {
                foreach (var (name, content) in entries)
                {
                    using var s = archive.CreateEntry(name).Open();
                    s.Write(content);
                }
            }

            Assert.False(Verify(zip).Passed);
        }, "random archives");
        Directory.Delete(dir, recursive: true);
    }

    [Fact]
    public void Verify_MutatedPacket_FailsNeverThrows()
    {
        var copy = PacketTools.CopyPacket(packet.Dir, Directory.CreateTempSubdirectory("sw-fuzz-mut-").FullName);
        var files = Directory.GetFiles(copy, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        var originals = files.ToDictionary(f => f, File.ReadAllBytes);
        var mutation = Gen.Select(Gen.Int[0, files.Length - 1], Gen.Int[0, 3], Gen.Int[0, int.MaxValue], Gen.Byte.Array[1, 16]);
        Run(mutation, m =>
        {
            var (fileIndex, kind, at, bytes) = m;
            var file = files[fileIndex];
            var original = originals[file];
            var pos = original.Length == 0 ? 0 : at % original.Length;
            byte[] mutated = kind switch
            {
                0 => [.. original[..pos], .. bytes, .. original[Math.Min(original.Length, pos + bytes.Length)..]], // overwrite
                1 => original[..pos],                                                                          // truncate
                2 => [.. original[..pos], .. bytes, .. original[pos..]],                                         // insert
                _ => [.. original, .. bytes],                                                                     // append
            };
            if (mutated.AsSpan().SequenceEqual(original) || InNewestCustodyLine(copy, file, original, kind, pos))
            {
                return;
            }

            File.WriteAllBytes(file, mutated);
            try
            {
                Assert.False(Verify(copy).Passed, $"{Path.GetRelativePath(copy, file)} changed ({kind} at {pos}) but the packet passed");
            }
            finally
            {
                File.WriteAllBytes(file, original);
            }
        }, "mutated packet");
        Directory.Delete(copy, recursive: true);
    }

    /// <summary>
    /// An edit inside the newest line of the post-seal custody continuation: a hash chain cannot show it by itself — that
    /// line's hash is the head, anchored outside the packet (printed for the hand-over letter, docs/evidence.md) — so the
    /// packet alone is not expected to fail.
    /// </summary>
    private static bool InNewestCustodyLine(string packet, string file, byte[] original, int kind, int pos) =>
        kind is 0 or 2
        && Path.GetRelativePath(packet, file).Replace('\\', '/') == "custody/custody-continuation.log"
        && pos > Array.LastIndexOf(original, (byte)'\n', Math.Max(0, original.Length - 2));

    [Fact]
    public void Corpus_EveryKeptPacket_FailsNeverThrows()
    {
        var dir = Path.Combine(RepoPaths.Root, "tests", "Fuzz", "corpus", "packet");
        var files = Directory.GetFiles(dir, "*.zip");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var copy = Path.Combine(Directory.CreateTempSubdirectory("sw-fuzz-corpus-").FullName, Path.GetFileName(file));
            File.Copy(file, copy);
            Assert.False(Verify(copy).Passed, Path.GetFileName(file));
        }
    }
}
