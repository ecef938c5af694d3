using System.Security.Cryptography;
using System.Text;

namespace SentimentWatch.Core.Evidence;

/// <summary>
/// The head of a packet's custody log (docs/evidence.md, "Custody"): the SHA-256, in lower-case hex, of its last line's
/// UTF-8 bytes with the LF. The evidence stage chains its lines by it and records it as <c>continuation_head</c>; anyone
/// who copies a packet checks the copy against it.
/// </summary>
public static class CustodyHead
{
    /// <summary>The head after a line (with its LF).</summary>
    public static string Of(string lineWithLf) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lineWithLf)));

    /// <summary>The head of a whole log; null when it is empty or its last line has no LF (a torn write).</summary>
    public static string? OfLog(ReadOnlySpan<byte> log)
    {
        if (log.Length == 0 || log[^1] != (byte)'\n')
        {
            return null;
        }

        var start = log[..^1].LastIndexOf((byte)'\n') + 1;
        return Convert.ToHexStringLower(SHA256.HashData(log[start..]));
    }
}
