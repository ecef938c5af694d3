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

        var sb = new StringBuilder(s.Length + 16);
        foreach (var c in s)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }

    /// <summary>Plain text to markup: escaped, newlines as <c>&lt;br&gt;</c> (the form boards store posts in).</summary>
    public static string Text(string s, string br = "<br>") => Escape(s).Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", br, StringComparison.Ordinal);

    /// <summary>JSON string literal content (with quotes).</summary>
    public static string Json(string? s) => System.Text.Json.JsonSerializer.Serialize(s ?? "", JsonOptions);

    private static readonly System.Text.Json.JsonSerializerOptions JsonOptions = new()
    {
        // Real Chinese APIs send CJK unescaped; \uXXXX everywhere would hide encoding bugs from the crawler tests.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>First <paramref name="max"/> characters of a one-line summary.</summary>
    public static string Abstract(string s, int max)
    {
        var one = s.Replace("\r", "", StringComparison.Ordinal).Replace('\n', ' ');
        return one.Length <= max ? one : one[..max] + "…";
    }
}
