using System.Text;
using AngleSharp.Dom;
using SentimentWatch.Core.Pages;

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

    /// <summary>
    /// Plain text of an HTML fragment (e.g. a JSON field or feed item holding HTML); text without tags passes through decoded.
    /// A small tokenizer rather than a DOM: fragments are short and numerous, and building a document per field would
    /// dominate the cost of parsing an API page.
    /// </summary>
    public static string FromHtml(string? html)
    {
        if (string.IsNullOrEmpty(html))
        {
            return "";
        }

        if (html.IndexOf('<', StringComparison.Ordinal) < 0)
        {
            return Collapse(html.IndexOf('&', StringComparison.Ordinal) < 0 ? html : System.Net.WebUtility.HtmlDecode(html));
        }

        var sb = new StringBuilder(html.Length);
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0)
            {
                AppendText(sb, html.AsSpan(i));
                break;
            }

            AppendText(sb, html.AsSpan(i, lt - i));
            if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
            {
                var endComment = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                i = endComment < 0 ? html.Length : endComment + 3;
                continue;
            }

            var gt = TagEnd(html, lt + 1);
            if (gt < 0)
            {
                // A lone '<' is text ("a<b" in a post), not a tag.
                AppendText(sb, html.AsSpan(lt));
                break;
            }

            var tag = html.AsSpan(lt + 1, gt - lt - 1);
            var closing = tag.Length > 0 && tag[0] == '/';
            var name = TagName(closing ? tag[1..] : tag);
            i = gt + 1;
            if (name.Length == 0)
            {
                AppendText(sb, html.AsSpan(lt, gt - lt + 1));
                continue;
            }

            if (!closing && Skipped.Contains(name))
            {
                var close = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                i = close < 0 ? html.Length : Math.Max(i, TagEnd(html, close + 1) + 1);
                continue;
            }

            if (name.Equals("br", StringComparison.OrdinalIgnoreCase) || Blocks.Contains(name))
            {
                sb.Append('\n');
            }
            else if (!closing && name.Equals("img", StringComparison.OrdinalIgnoreCase) && Attribute(tag, "alt") is { Length: > 0 } alt)
            {
                sb.Append(System.Net.WebUtility.HtmlDecode(alt));
            }
        }

        return Collapse(sb.ToString());
    }

    private static void AppendText(StringBuilder sb, ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return;
        }

        var s = text.IndexOf('&') < 0 ? text.ToString() : System.Net.WebUtility.HtmlDecode(text.ToString());
        sb.Append(s.Replace('\n', ' ').Replace('\r', ' '));
    }

    /// <summary>Index of the '>' closing a tag that starts at <paramref name="from"/>, skipping quoted attribute values; -1 when none.</summary>
    private static int TagEnd(string html, int from)
    {
        if (from >= html.Length || !(char.IsAsciiLetter(html[from]) || html[from] is '/' or '!' or '?'))
        {
            return -1;
        }

        return HtmlNesting.ClosingBracket(html, from);
    }

    private static string TagName(ReadOnlySpan<char> tag)
    {
        var n = 0;
        while (n < tag.Length && (char.IsAsciiLetterOrDigit(tag[n]) || tag[n] == '-'))
        {
            n++;
        }

        return tag[..n].ToString().ToLowerInvariant();
    }

    /// <summary>An attribute's raw value inside a tag's text (quoted or not), or null.</summary>
    private static string? Attribute(ReadOnlySpan<char> tag, string name)
    {
        var s = tag.ToString();
        var at = 0;
        while ((at = s.IndexOf(name, at, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            var before = at == 0 ? ' ' : s[at - 1];
            var after = at + name.Length;
            var j = after;
            while (j < s.Length && s[j] == ' ')
            {
                j++;
            }

            if (char.IsWhiteSpace(before) && j < s.Length && s[j] == '=')
            {
                j++;
                while (j < s.Length && s[j] == ' ')
                {
                    j++;
                }

                if (j < s.Length && s[j] is '"' or '\'')
                {
                    var q = s[j];
                    var end = s.IndexOf(q, j + 1);
                    return end < 0 ? s[(j + 1)..] : s[(j + 1)..end];
                }

                var stop = j;
                while (stop < s.Length && !char.IsWhiteSpace(s[stop]) && s[stop] != '/')
                {
                    stop++;
                }

                return s[j..stop];
            }

            at = after;
        }

        return null;
    }

    /// <summary>Plain text of an element and its descendants, leaving out elements <paramref name="leaveOut"/> names.</summary>
    public static string ToPlainText(INode node, Func<IElement, bool>? leaveOut = null)
    {
        ArgumentNullException.ThrowIfNull(node);
        var sb = new StringBuilder();
        Walk(node, sb, leaveOut);
        return Collapse(sb.ToString());
    }

    /// <summary>Single-line text (titles, names): all whitespace collapsed to single spaces.</summary>
    public static string ToLine(INode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return CollapseWhitespace(node.TextContent);
    }

    private static void Walk(INode node, StringBuilder sb, Func<IElement, bool>? leaveOut)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    // Line breaks in the HTML source are spaces to a reader; only <br> and blocks break lines.
                    sb.Append(text.Data.Replace('\n', ' ').Replace('\r', ' '));
                    break;
                case IElement el when Skipped.Contains(el.LocalName) || leaveOut?.Invoke(el) == true:
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

                    Walk(el, sb, leaveOut);
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
