using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// Plain text from HTML as a reader sees it: block elements and &lt;br&gt; become line breaks, runs of spaces
/// collapse, scripts and styles vanish, and emoticon images keep their alt text ("[哭]").
/// </summary>
public static class HtmlText
{
    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "ul", "ol", "tr", "table", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6",
        "section", "article", "header", "footer", "dd", "dt", "dl", "hr", "figure", "figcaption",
    };

    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "iframe", "head",
    };

    // Fragment parsing needs a context; one parser instance is thread-safe for ParseDocument.
    private static readonly HtmlParser Parser = new();

    /// <summary>Plain text of an HTML fragment (e.g. a JSON field holding HTML); text without tags passes through decoded.</summary>
    public static string FromHtml(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        if (html.IndexOf('<', StringComparison.Ordinal) < 0 && html.IndexOf('&', StringComparison.Ordinal) < 0)
        {
            return Collapse(html);
        }

        var doc = Parser.ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
        return doc.Body is null ? "" : ToPlainText(doc.Body);
    }

    /// <summary>Plain text of an element and its descendants.</summary>
    public static string ToPlainText(INode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder();
        Walk(node, sb);
        return Collapse(sb.ToString());
    }

    /// <summary>Single-line text (titles, names): all whitespace collapsed to single spaces.</summary>
    public static string ToLine(INode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return CollapseWhitespace(node.TextContent);
    }

    private static void Walk(INode node, StringBuilder sb)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    // Line breaks in the HTML source are spaces to a reader; only <br> and blocks break lines.
                    sb.Append(text.Data.Replace('\n', ' ').Replace('\r', ' '));
                    break;
                case IElement el when Skipped.Contains(el.LocalName):
                    break;
                case IElement el when el.LocalName == "br":
                    sb.Append('\n');
                    break;
                case IElement el when el.LocalName == "img":
                    var alt = el.GetAttribute("alt");
                    if (!string.IsNullOrWhiteSpace(alt))
                    {
                        sb.Append(alt);
                    }

                    break;
                case IElement el:
                    var block = Blocks.Contains(el.LocalName);
                    if (block)
                    {
                        sb.Append('\n');
                    }

                    Walk(el, sb);
                    if (block)
                    {
                        sb.Append('\n');
                    }

                    break;
            }
        }
    }

    /// <summary>Collapses spaces within lines, drops blank lines and trims.</summary>
    private static string Collapse(string s)
    {
        var sb = new StringBuilder(s.Length);
        foreach (var rawLine in s.Split('\n'))
        {
            var line = CollapseWhitespace(rawLine);
            if (line.Length == 0)
            {
                continue;
            }

            if (sb.Length > 0)
            {
                sb.Append('\n');
            }

            sb.Append(line);
        }

        return sb.ToString();
    }

    /// <summary>Runs of whitespace (incl. NBSP, zero-width space, BOM) become one space; trimmed. Characters are otherwise kept as written.</summary>
    internal static string CollapseWhitespace(string s)
    {
        var sb = new StringBuilder(s.Length);
        var space = false;
        foreach (var c in s)
        {
            if (char.IsWhiteSpace(c) || c == '\u200b' || c == '\ufeff')
            {
                space = sb.Length > 0;
                continue;
            }

            if (space)
            {
                sb.Append(' ');
                space = false;
            }

            sb.Append(c);
        }

        return sb.ToString();
    }
}
