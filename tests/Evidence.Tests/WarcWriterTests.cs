using System.IO.Compression;
using System.Text;
using SentimentWatch.Evidence;

namespace SentimentWatch.Evidence.Tests;

public sealed class WarcWriterTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 22, 6, 0, 0, 123, TimeSpan.Zero);

    private static (string Path, byte[] Body) WriteSample()
    {
        var body = Encoding.UTF8.GetBytes("<html><body>出售答案</body></html>");
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sw-warc-{Guid.NewGuid():N}.warc.gz");
        using (var file = File.Create(path))
        {
            var w = new WarcWriter(file);
            w.Write("warcinfo", At, null, "application/warc-fields", WarcWriter.Fields([("software", "test")]), -1);
            var (block, offset) = WarcWriter.ResponseBlock("HTTP/1.1", 200, "OK", [new("Content-Type", "text/html; charset=utf-8")], body);
            var id = w.Write("response", At, "http://127.0.0.1/p/1", WarcWriter.ResponseType, block, offset, [("WARC-IP-Address", "127.0.0.1")]);
            w.Write("metadata", At, "http://127.0.0.1/p/1", "application/warc-fields", WarcWriter.Fields([("via", "x")]), -1, [("WARC-Refers-To", id)]);
        }

        return (path, body);
    }

    [Fact]
    public void Write_ThreeRecords_ReadBackWithMatchingDigests()
    {
        var (path, body) = WriteSample();

        var records = WarcReader.ReadAll(path);

        Assert.Equal(["warcinfo", "response", "metadata"], records.Select(r => r.Type));
        var response = records[1];
        Assert.Equal("sha256:" + Digests.Sha256Hex(body), response.Headers["WARC-Payload-Digest"]);
        Assert.Equal("sha256:" + Digests.Sha256Hex(response.Block), response.Headers["WARC-Block-Digest"]);
        Assert.Equal("2026-11-22T06:00:00.123Z", response.Headers["WARC-Date"]);
        Assert.Equal("http://127.0.0.1/p/1", response.Headers["WARC-Target-URI"]);
        Assert.False(records[0].Headers.ContainsKey("WARC-Payload-Digest"));
        Assert.False(records[2].Headers.ContainsKey("WARC-Payload-Digest"));
        Assert.False(records[0].Headers.ContainsKey("WARC-Target-URI"));
        Assert.Equal(records[0].Headers["WARC-Record-ID"], records[1].Headers["WARC-Warcinfo-ID"]);
        File.Delete(path);
    }

    [Fact]
    public void Write_EachRecord_IsItsOwnGzipMember()
    {
        var (path, _) = WriteSample();
        var bytes = File.ReadAllBytes(path);

        // Each member starts with the gzip magic and decompresses on its own to exactly one record.
        var starts = Enumerable.Range(0, bytes.Length - 2).Where(i => bytes[i] == 0x1F && bytes[i + 1] == 0x8B && bytes[i + 2] == 0x08).ToList();
        Assert.True(starts.Count >= 3);
        using var first = new GZipStream(new MemoryStream(bytes, starts[0], starts[1] - starts[0]), CompressionMode.Decompress);
        var text = new StreamReader(first, Encoding.UTF8).ReadToEnd();
        Assert.StartsWith("WARC/1.1\r\nWARC-Type: warcinfo\r\n", text, StringComparison.Ordinal);
        Assert.EndsWith("\r\n\r\n", text, StringComparison.Ordinal);
        File.Delete(path);
    }

    [Fact]
    public void ReadAll_LyingContentLength_ThrowsInvalidData()
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"sw-warc-{Guid.NewGuid():N}.warc.gz");
        using (var file = File.Create(path))
        using (var gz = new GZipStream(file, CompressionLevel.Fastest))
        {
            gz.Write("WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 99999999999\r\n\r\nabc\r\n\r\n"u8);
        }

        Assert.Throws<InvalidDataException>(() => WarcReader.ReadAll(path));
        File.Delete(path);
    }
}
