using System.Globalization;
using System.Text;
using SentimentWatch.Core.Evidence;

namespace SentimentWatch.Evidence;

/// <summary>
/// Append-only, hash-chained custody log: TSV lines <c>seq, prev_sha256, time_utc, actor, action, object,
/// object_sha256, note</c>, LF-terminated UTF-8; <c>prev_sha256</c> is SHA-256 of the previous line's bytes
/// including its LF (64 zeros for the very first line). Checkable with sh, cut and sha256sum alone.
/// </summary>
internal sealed class CustodyLog
{
    public static readonly string Zero = new('0', 64);

    private readonly StringBuilder _text = new();

    public CustodyLog(string head, int lastSeq)
    {
        Head = head;
        LastSeq = lastSeq;
    }

    public string Head { get; private set; }

    public int LastSeq { get; private set; }

    public string Text => _text.ToString();

    /// <summary>Continues an existing log file (post-seal continuation), keeping its lines.</summary>
    public static CustodyLog Continue(string existingText, string startPrev)
    {
        var check = Verify(existingText, startPrev);
        if (!check.Ok)
        {
            throw new InvalidDataException($"custody log is broken: {check.Detail}");
        }

        var log = new CustodyLog(check.Head, check.LastSeq);
        log._text.Append(existingText);
        return log;
    }

    public void Append(DateTimeOffset atUtc, string actor, string action, string obj, string? objectSha256, string note)
    {
        LastSeq++;
        var line = string.Join('\t',
            LastSeq.ToString(CultureInfo.InvariantCulture), Head, WarcWriter.Date(atUtc), Clean(actor), Clean(action), Clean(obj), objectSha256 ?? "-", Clean(note)) + "\n";
        _text.Append(line);
        Head = CustodyHead.Of(line);
    }

    /// <summary>Walks the chain from <paramref name="startPrev"/>; reports the first broken line.</summary>
    public static (bool Ok, string Head, int LastSeq, string Detail) Verify(string text, string startPrev)
    {
        var prev = startPrev;
        var seq = 0;
        var lineNo = 0;
        if (text.Length > 0 && !text.EndsWith('\n'))
        {
            return (false, prev, seq, "last line is not LF-terminated (truncated?)");
        }

        foreach (var line in text.Split('\n').SkipLast(1))
        {
            lineNo++;
            var cols = line.Split('\t');
            if (cols.Length != 8)
            {
                return (false, prev, seq, $"line {lineNo}: {cols.Length} columns, expected 8");
            }

            if (!string.Equals(cols[1], prev, StringComparison.Ordinal))
            {
                return (false, prev, seq, $"line {lineNo}: prev_sha256 {Short(cols[1])} does not match the previous line's hash {Short(prev)} (a line before it was edited, removed or inserted)");
            }

            if (!int.TryParse(cols[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n <= seq)
            {
                return (false, prev, seq, $"line {lineNo}: sequence '{cols[0]}' does not increase");
            }

            seq = n;
            prev = CustodyHead.Of(line + "\n");
        }

        return (true, prev, seq, $"{lineNo} lines chained, head {prev}");
    }

    private static string Clean(string s) => s.Replace('\t', ' ').Replace('\r', ' ').Replace('\n', ' ');

    private static string Short(string s) => s.Length > 12 ? s[..12] + "…" : s;
}
