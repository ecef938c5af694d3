using System.Text;

namespace SentimentWatch.DrillSites.Sites;

/// <summary>Markup helpers shared by the HTML sites.</summary>
internal static class Html
{
    public static string Escape(string? s)
    {
        if (string.IsNullOrEmpty(s))
        {
            return "";
        }

        if (s.AsSpan().IndexOfAny("&<>\"'") < 0)
        {
            return s;
        }

        var sb = new StringBuilder(s.Length + 16);
        foreach (var c in s)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(c); break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Plain text to markup: escaped, newlines as <c>&lt;br&gt;</c> (the form boards store posts in).</summary>
    /// <summary>A Tieba floor's pictures as the page shows them (<c>img.BDE_Image</c> after the text).</summary>
    public static string TiebaImages(IReadOnlyList<string> images) =>
        string.Concat(images.Select(name => $"<br><img class=\"BDE_Image\" src=\"{Pipeline.DrillImages.PathPrefix}{Escape(name)}\" size=\"76784\" width=\"560\" height=\"315\">"));

    public static string Text(string s, string br = "<br>") => Escape(s).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", br, StringComparison.Ordinal);

    /// <summary>
    /// JSON string literal (with quotes). CJK stays unescaped as Chinese APIs send it (\uXXXX everywhere would hide
    /// encoding bugs from the crawler tests); quotes, backslashes and control characters are escaped.
    /// </summary>
    public static string Json(string? s)
    {
        s ??= "";
        var sb = new StringBuilder(s.Length + 2).Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < ' ': sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>First <paramref name="max"/> characters of a one-line summary.</summary>
    public static string Abstract(string s, int max)
    {
        var one = s.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ');
        return one.Length <= max ? one : one[..max] + "…";
    }
}
