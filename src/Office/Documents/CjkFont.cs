using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using PdfSharp.Fonts;
using SkiaSharp;

namespace SentimentWatch.Office.Documents;

/// <summary>
/// The CJK font every export draws with (<c>Office:Reports:FontFile</c>, Debian's WenQuanYi Zen Hei by default):
/// its bytes for PDFsharp to embed (the first face of a TrueType collection, cut out as a plain TrueType file), a
/// glyph check so characters the font lacks (emoji) print as □ instead of vanishing, and the family name charts use.
/// </summary>
internal sealed class CjkFont
{
    private static readonly ConcurrentDictionary<string, CjkFont> Loaded = new(StringComparer.Ordinal);
    private static readonly Lock ResolverLock = new();
    private readonly SKTypeface _typeface;
    private readonly ConcurrentDictionary<int, bool> _has = new();

    private CjkFont(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var collection = IsCollection(bytes);
        Bytes = collection ? FirstFace(bytes) : bytes;
        Family = "SWCJK" + Loaded.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _typeface = SKTypeface.FromData(SKData.CreateCopy(Bytes)) ?? throw new InvalidOperationException($"{path} is not a font SkiaSharp can read");
        ScottPlot.Fonts.AddFontFile(Family, collection ? FaceCopy(path, bytes.Length, Bytes) : path, false, false);
    }

    /// <summary>The family name registered with PDFsharp and ScottPlot.</summary>
    public string Family { get; }

    public byte[] Bytes { get; }

    public static CjkFont Of(string path)
    {
        lock (ResolverLock)
        {
            var font = Loaded.GetOrAdd(Path.GetFullPath(path), p => new CjkFont(p));
            GlobalFontSettings.FontResolver ??= new Resolver();
            return font;
        }
    }

    public bool Has(int codepoint) => _has.GetOrAdd(codepoint, cp => _typeface.GetGlyph(cp) != 0);

    /// <summary>The text with every character the font cannot draw replaced by □ (so nothing silently disappears).</summary>
    public string Printable(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value == ' ' || Has(rune.Value))
            {
                sb.Append(rune.ToString());
            }
            else
            {
                sb.Append('□');
            }
        }

        return sb.ToString();
    }

    private static bool IsCollection(byte[] b) => b.Length > 12 && b[0] == 't' && b[1] == 't' && b[2] == 'c' && b[3] == 'f';

    /// <summary>Cuts face 0 out of a TrueType collection: its table directory and tables, offsets rewritten.</summary>
    private static byte[] FirstFace(byte[] ttc)
    {
        var face = (int)BinaryPrimitives.ReadUInt32BigEndian(ttc.AsSpan(12));
        var tables = BinaryPrimitives.ReadUInt16BigEndian(ttc.AsSpan(face + 4));
        var headerLength = 12 + (16 * tables);
        var records = new List<(int RecordAt, int Offset, int Length)>();
        var size = headerLength;
        for (var i = 0; i < tables; i++)
        {
            var at = face + 12 + (16 * i);
            var offset = (int)BinaryPrimitives.ReadUInt32BigEndian(ttc.AsSpan(at + 8));
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(ttc.AsSpan(at + 12));
            records.Add((at, offset, length));
            size += (length + 3) & ~3;
        }

        var ttf = new byte[size];
        ttc.AsSpan(face, headerLength).CopyTo(ttf);
        var next = headerLength;
        for (var i = 0; i < records.Count; i++)
        {
            var (_, offset, length) = records[i];
            ttc.AsSpan(offset, length).CopyTo(ttf.AsSpan(next));
            BinaryPrimitives.WriteUInt32BigEndian(ttf.AsSpan(12 + (16 * i) + 8), (uint)next);
            next += (length + 3) & ~3;
        }

        return ttf;
    }

    /// <summary>ScottPlot registers fonts by path: give it the cut-out face, written once per font file (same name, same bytes).</summary>
    private static string FaceCopy(string path, long size, byte[] face)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"sw-office-{Path.GetFileNameWithoutExtension(path)}-{size}.ttf");
        if (!File.Exists(copy) || new FileInfo(copy).Length != face.Length)
        {
            var temp = copy + "." + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            File.WriteAllBytes(temp, face);
            File.Move(temp, copy, overwrite: true);
        }

        return copy;
    }

    private sealed class Resolver : IFontResolver
    {
        public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
            Loaded.Values.Any(f => f.Family == familyName) ? new FontResolverInfo(familyName, bold, italic) : null;

        public byte[]? GetFont(string faceName) => Loaded.Values.FirstOrDefault(f => f.Family == faceName)?.Bytes;
    }
}
