using System.Text;
using AngleSharp.Html.Parser;

namespace SentimentWatch.Evidence;

/// <summary>Title and visible text of a captured page (derived; the page source is the evidence).</summary>
internal static class PageText
{
    static PageText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static (string? Title, string Text) Extract(byte[] body, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(body);
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        if (type.Length > 0 && !type.Contains("html", StringComparison.Ordinal) && !type.StartsWith("text/", StringComparison.Ordinal))
        {
            return (null, "");
        }

        var charset = Charset(contentType);
        var parser = new HtmlParser();
        using var document = charset is not null ? parser.ParseDocument(charset.GetString(body)) : parser.ParseDocument(new MemoryStream(body, writable: false));
        foreach (var node in document.QuerySelectorAll("script, style, noscript, template").ToList())
        {
            node.Remove();
        }

        var text = document.Body?.TextContent ?? document.DocumentElement?.TextContent ?? "";
        var lines = text.Split('\n').Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).Where(l => l.Length > 0);
        var title = document.Title?.Trim();
        return (string.IsNullOrEmpty(title) ? null : title, string.Join('\n', lines));
    }

    private static Encoding? Charset(string? contentType)
    {
        var idx = contentType?.IndexOf("charset=", StringComparison.OrdinalIgnoreCase) ?? -1;
        if (idx < 0)
        {
            return null;
        }

        var name = contentType![(idx + 8)..].Split(';')[0].Trim().Trim('"', '\'');
        try
        {
            return Encoding.GetEncoding(name);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
