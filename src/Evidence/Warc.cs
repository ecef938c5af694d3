using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace SentimentWatch.Evidence;

/// <summary>
/// WARC 1.1 writer: one gzip member per record (so a record can be cut out by offset and length with
/// tail/head/gzip), <c>sha256:</c> lowercase-hex digests so a receiver can compare the response payload digest
/// with <c>sha256sum capture/page-source.html</c>.
/// </summary>
internal sealed class WarcWriter(Stream output)
{
    public const string ResponseType = "application/http;msgtype=response";
    public const string RequestType = "application/http;msgtype=request";

    public string? WarcinfoId { get; private set; }

    /// <summary>Writes one record and returns its id (<c>&lt;urn:uuid:…&gt;</c>).</summary>
    public string Write(string type, DateTimeOffset date, string? targetUri, string? contentType, byte[] block, int payloadOffset, IEnumerable<(string Name, string Value)>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(block);
        var id = $"<urn:uuid:{Guid.NewGuid()}>";
        var header = new StringBuilder();
        header.Append("WARC/1.1\r\n");
        Add(header, "WARC-Type", type);
        Add(header, "WARC-Record-ID", id);
        Add(header, "WARC-Date", Date(date));
        if (targetUri is not null)
        {
            Add(header, "WARC-Target-URI", targetUri);
        }

        if (WarcinfoId is not null && type != "warcinfo")
        {
            Add(header, "WARC-Warcinfo-ID", WarcinfoId);
        }

        foreach (var (name, value) in extra ?? [])
        {
            Add(header, name, value);
        }

        Add(header, "WARC-Block-Digest", "sha256:" + Digests.Sha256Hex(block));
        // Only records that carry an HTTP entity (response, resource) have a payload; warcinfo, metadata and request
        // records shall not carry WARC-Payload-Digest.
        if (payloadOffset >= 0)
        {
            Add(header, "WARC-Payload-Digest", "sha256:" + Digests.Sha256Hex(block.AsSpan(payloadOffset)));
        }

        if (contentType is not null)
        {
            Add(header, "Content-Type", contentType);
        }

        Add(header, "Content-Length", block.Length.ToString(CultureInfo.InvariantCulture));
        header.Append("\r\n");
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Encoding.UTF8.GetBytes(header.ToString()));
            gzip.Write(block);
            gzip.Write("\r\n\r\n"u8);
        }

        if (type == "warcinfo")
        {
            WarcinfoId = id;
        }

        return id;
    }

    public static string Date(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>HTTP request block as sent (reconstructed from the client's request).</summary>
    public static byte[] RequestBlock(string method, string pathAndQuery, string httpVersion, IEnumerable<KeyValuePair<string, string>> headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{method} {pathAndQuery} {httpVersion}\r\n");
        foreach (var (name, value) in headers)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        sb.Append("\r\n");
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>HTTP response block: status line, headers, blank line, entity; returns the payload offset too.</summary>
    public static (byte[] Block, int PayloadOffset) ResponseBlock(string httpVersion, int status, string reason, IEnumerable<KeyValuePair<string, string>> headers, byte[] body)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{httpVersion} {status} {Clean(reason)}\r\n");
        foreach (var (name, value) in headers)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{Clean(name)}: {Clean(value)}\r\n");
        }

        sb.Append("\r\n");
        var head = Encoding.UTF8.GetBytes(sb.ToString());
        var block = new byte[head.Length + body.Length];
        head.CopyTo(block, 0);
        body.CopyTo(block, head.Length);
        return (block, head.Length);
    }

    /// <summary><c>application/warc-fields</c> block.</summary>
    public static byte[] Fields(IEnumerable<(string Name, string Value)> fields) =>
        Encoding.UTF8.GetBytes(string.Concat(fields.Select(f => $"{Clean(f.Name)}: {Clean(f.Value)}\r\n")));

    private static void Add(StringBuilder sb, string name, string value) => sb.Append(name).Append(": ").Append(Clean(value)).Append("\r\n");

    private static string Clean(string s) => s.Replace('\r', ' ').Replace('\n', ' ');
}

/// <summary>One parsed WARC record.</summary>
internal sealed record WarcRecord(IReadOnlyDictionary<string, string> Headers, byte[] Block)
{
    public string Type => Headers.GetValueOrDefault("WARC-Type", "");
}

/// <summary>
/// Reads a (multi-member) gzipped WARC for verification. Hostile input cannot make it allocate without bound:
/// header lines, record sizes and the total decompressed size are capped.
/// </summary>
internal static class WarcReader
{
    private const long MaxTotal = 1L << 31;
    private const long MaxRecord = 1L << 28;

    /// <summary>Reads a block in steps, so a Content-Length larger than the data fails at the data's end, not with a huge allocation.</summary>
    private static byte[] ReadBlock(Stream s, int length, int record)
    {
        using var block = new MemoryStream(Math.Min(length, 1 << 20));
        var buffer = new byte[Math.Min(length, 1 << 16)];
        while (block.Length < length)
        {
            var n = s.Read(buffer, 0, (int)Math.Min(buffer.Length, length - block.Length));
            if (n == 0)
            {
                throw new InvalidDataException($"record {record}: Content-Length {length} but the data ends after {block.Length} bytes");
            }

            block.Write(buffer, 0, n);
        }

        return block.ToArray();
    }

    public static List<WarcRecord> ReadAll(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var buffered = new BufferedStream(gzip, 1 << 16);
        var records = new List<WarcRecord>();
        long total = 0;
        var end = new byte[4];
        while (true)
        {
            var first = ReadLine(buffered);
            if (first is null)
            {
                return records;
            }

            if (first.Length == 0 && records.Count > 0)
            {
                continue;
            }

            if (first is not ("WARC/1.1" or "WARC/1.0"))
            {
                throw new InvalidDataException($"record {records.Count + 1}: expected 'WARC/1.1', found '{Trim(first)}'");
            }

            var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var n = 0; ; n++)
            {
                var line = ReadLine(buffered) ?? throw new InvalidDataException($"record {records.Count + 1}: truncated header");
                if (line.Length == 0)
                {
                    break;
                }

                if (n > 200)
                {
                    throw new InvalidDataException($"record {records.Count + 1}: too many header lines");
                }

                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw new InvalidDataException($"record {records.Count + 1}: bad header line '{Trim(line)}'");
                }

                headers[line[..colon].Trim()] = line[(colon + 1)..].Trim();
            }

            // Overflowing, negative or oversized lengths are refused before anything is allocated.
            if (!headers.TryGetValue("Content-Length", out var lengthText) || !long.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || length > MaxRecord || length > MaxTotal - total)
            {
                throw new InvalidDataException($"record {records.Count + 1}: missing or impossible Content-Length '{Trim(lengthText ?? "")}' (limit {MaxRecord} bytes per record)");
            }

            total += length;
            var block = ReadBlock(buffered, (int)length, records.Count + 1);
            if (buffered.ReadAtLeast(end, end.Length, throwOnEndOfStream: false) < end.Length)
            {
                throw new InvalidDataException($"record {records.Count + 1}: truncated after its block");
            }

            if (!end.AsSpan().SequenceEqual("\r\n\r\n"u8))
            {
                throw new InvalidDataException($"record {records.Count + 1}: block not followed by CRLF CRLF (Content-Length wrong?)");
            }

            records.Add(new WarcRecord(headers, block));
        }
    }

    /// <summary>Offset of the HTTP entity inside an application/http block (after the first blank line).</summary>
    public static int PayloadOffset(byte[] block)
    {
        var idx = block.AsSpan().IndexOf("\r\n\r\n"u8);
        return idx < 0 ? -1 : idx + 4;
    }

    private static string? ReadLine(Stream s)
    {
        var bytes = new List<byte>(128);
        while (true)
        {
            var b = s.ReadByte();
            if (b < 0)
            {
                return bytes.Count == 0 ? null : throw new InvalidDataException("truncated WARC header line");
            }

            if (b == '\n')
            {
                if (bytes.Count > 0 && bytes[^1] == '\r')
                {
                    bytes.RemoveAt(bytes.Count - 1);
                }

                return Encoding.UTF8.GetString(bytes.ToArray());
            }

            if (bytes.Count > 16384)
            {
                throw new InvalidDataException("WARC header line longer than 16 KiB");
            }

            bytes.Add((byte)b);
        }
    }

    private static string Trim(string s) => s.Length > 60 ? s[..60] + "…" : s;
}
