using System.Text;

namespace SentimentWatch.DrillSites.Pipeline;

/// <summary>
/// Query-string parsing in a chosen charset. ASP.NET Core always decodes %XX as UTF-8; a GBK forum must decode the
/// bytes as GBK (a crawler that sends UTF-8 bytes gets mojibake and no results, as on the real site).
/// </summary>
internal static class RawQuery
{
    public static Dictionary<string, string> Parse(string? raw, Encoding encoding)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(raw))
        {
            return result;
        }

        var s = raw[0] == '?' ? raw[1..] : raw;
        foreach (var pair in s.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(eq < 0 ? pair : pair[..eq], encoding);
            var value = eq < 0 ? "" : Decode(pair[(eq + 1)..], encoding);
            result.TryAdd(key, value);
        }

        return result;
    }

    public static string Decode(string s, Encoding encoding)
    {
        var bytes = new List<byte>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == '+')
            {
                bytes.Add((byte)' ');
            }
            else if (c == '%' && i + 2 < s.Length && IsHex(s[i + 1]) && IsHex(s[i + 2]))
            {
                bytes.Add((byte)((Hex(s[i + 1]) << 4) | Hex(s[i + 2])));
                i += 2;
            }
            else
            {
                // Raw non-ASCII in a query (clients that do not escape) is taken as the text it is.
                bytes.AddRange(Encoding.UTF8.GetBytes(c.ToString()));
            }
        }

        return encoding.GetString(bytes.ToArray());
    }

    /// <summary>Percent-encodes text in a charset (what a form on a page in that charset submits).</summary>
    public static string Encode(string s, Encoding encoding)
    {
        var sb = new StringBuilder();
        foreach (var b in encoding.GetBytes(s))
        {
            if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b is (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int Hex(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
