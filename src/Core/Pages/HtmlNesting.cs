namespace SentimentWatch.Core.Pages;

/// <summary>
/// A linear pre-scan of an HTML text for its element nesting depth, run before the tree builder so a page built to
/// stall it (tens of thousands of nested elements) fails in milliseconds instead of minutes. It errs towards a lower
/// count where HTML closes elements by itself: void elements, self-closing tags, and elements the parser closes when a
/// sibling opens (<c>p</c>, <c>li</c>, table rows and cells, options…) do not add depth; raw-text elements (script,
/// style, textarea…) are skipped whole; comments and declarations are ignored. Shared by the crawler's parser and
/// evidence's page text, so both refuse the same pages.
/// </summary>
public static class HtmlNesting
{
    private static readonly HashSet<string> NoDepth = new(StringComparer.OrdinalIgnoreCase)
    {
        // void elements
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr", "keygen", "basefont", "bgsound", "frame",
        // closed implicitly by the next sibling
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rp", "rtc", "thead", "tbody", "tfoot", "colgroup", "caption",
        "html", "head", "body",
    };

    private static readonly HashSet<string> RawText = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext",
    };

    /// <summary>The deepest nesting found, counting stops once it exceeds <paramref name="limit"/> (returns limit + 1).</summary>
    public static int Depth(string html, int limit)
    {
        ArgumentNullException.ThrowIfNull(html);
        var depth = 0;
        var max = 0;
        var i = 0;
        var n = html.Length;
        while (i < n)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= n)
            {
                break;
            }

            var c = html[lt + 1];
            if (c == '!')
            {
                // <!-- comment --> or <!DOCTYPE …> / <![CDATA[ … ]]>
                var end = html.AsSpan(lt).StartsWith("<!--") ? html.IndexOf("-->", lt + 4, StringComparison.Ordinal) : html.IndexOf('>', lt + 2);
                i = end < 0 ? n : end + 1;
                continue;
            }

            var closing = c == '/';
            var nameStart = closing ? lt + 2 : lt + 1;
            var nameEnd = nameStart;
            while (nameEnd < n && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] is '-' or ':' or '_'))
            {
                nameEnd++;
            }

            if (nameEnd == nameStart || !char.IsAsciiLetter(html[nameStart]))
            {
                i = lt + 1;
                continue;
            }

            var tagEnd = TagEnd(html, nameEnd);
            var name = html.AsSpan(nameStart, nameEnd - nameStart);
            if (closing)
            {
                if (!IsIn(NoDepth, name) && depth > 0)
                {
                    depth--;
                }

                i = tagEnd;
                continue;
            }

            var selfClosing = tagEnd >= 2 && html[tagEnd - 1] == '>' && html[tagEnd - 2] == '/';
            if (IsIn(RawText, name))
            {
                var close = html.IndexOf("</" + name.ToString(), tagEnd, StringComparison.OrdinalIgnoreCase);
                i = close < 0 ? n : close;
                continue;
            }

            if (!selfClosing && !IsIn(NoDepth, name) && ++depth > max)
            {
                max = depth;
                if (max > limit)
                {
                    return max;
                }
            }

            i = tagEnd;
        }

        return max;
    }

    private static bool IsIn(HashSet<string> set, ReadOnlySpan<char> name) =>
        set.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name);

    /// <summary>Index just past the tag's closing '&gt;', skipping quoted attribute values.</summary>
    private static int TagEnd(string html, int from) =>
        ClosingBracket(html, from) is var close and >= 0 ? close + 1 : html.Length;

    /// <summary>Index of the first '>' at or after <paramref name="from"/> outside a quoted attribute value; -1 when none.</summary>
    public static int ClosingBracket(string html, int from)
    {
        ArgumentNullException.ThrowIfNull(html);
        char quote = '\0';
        for (var j = from; j < html.Length; j++)
        {
            var c = html[j];
            if (quote != '\0')
            {
                if (c == quote)
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '>')
            {
                return j;
            }
        }

        return -1;
    }
}
