using System.Text;
using AngleSharp.Html.Parser;
using SentimentWatch.Core.Pages;

namespace SentimentWatch.Evidence;

/// <summary>A page's title and visible text, or why they could not be read (the page's bytes are kept either way).</summary>
internal sealed record PageTextResult(string? Title, string Text, string? Problem);

/// <summary>
/// Title and visible text of a captured page (derived; the page source is the evidence). The page meets the crawler's
/// parsing limits (<see cref="HtmlParseLimits"/>, keys <c>Crawler:Parsing:MaxDepth</c> and <c>MaxParseTime</c>) before
/// a tree is built, so a page nested to stall the parser fails this step with the limit named instead of stalling a freeze.
/// </summary>
internal static class PageText
{
    static PageText() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public static PageTextResult Extract(byte[] body, string? contentType, HtmlParseLimits limits)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(limits);
        var type = contentType?.Split(';')[0].Trim().ToLowerInvariant() ?? "";
        if (type.Length > 0 && !type.Contains("html", StringComparison.Ordinal) && !type.StartsWith("text/", StringComparison.Ordinal))
        {
            return new PageTextResult(null, "", null);
        }

        var charset = Charset(contentType);
        var html = charset?.GetString(body);

        // Tags are ASCII in every charset a page declares without a BOM (GBK and Big5 trail bytes are never '<' or '>'),
        // so an undeclared page is scanned byte for byte; the parse deadline below catches what the scan cannot see.
        if (HtmlNesting.Depth(html ?? Encoding.Latin1.GetString(body), limits.MaxDepth) > limits.MaxDepth)
        {
            return new PageTextResult(null, "", $"nesting deeper than {limits.MaxDepth} elements ({HtmlParseLimits.Section}:MaxDepth); page text not extracted");
        }

        var parser = new HtmlParser();
        AngleSharp.Html.Dom.IHtmlDocument document;
        using (var deadline = new CancellationTokenSource(limits.MaxParseTime))
        {
            try
            {
                // A string or memory source completes synchronously; the token is checked between tokens, so the limit holds.
                document = (html is not null
                    ? parser.ParseDocumentAsync(html, deadline.Token)
                    : parser.ParseDocumentAsync(new MemoryStream(body, writable: false), deadline.Token)).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return new PageTextResult(null, "", $"parsing took longer than {limits.MaxParseTime} ({HtmlParseLimits.Section}:MaxParseTime); page text not extracted");
            }
        }

        using (document)
        {
            foreach (var node in document.QuerySelectorAll("script, style, noscript, template").ToList())
            {
                node.Remove();
            }

            var text = document.Body?.TextContent ?? document.DocumentElement?.TextContent ?? "";
            var lines = text.Split('\n').Select(l => string.Join(' ', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))).Where(l => l.Length > 0);
            var title = document.Title?.Trim();
            return new PageTextResult(string.IsNullOrEmpty(title) ? null : title, string.Join('\n', lines), null);
        }
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
