using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// Parses a page with the HTML it hides made part of it: HTML inside comments (Tieba's <c>&lt;code&gt;&lt;!-- … --&gt;&lt;/code&gt;</c>
/// pagelets), inside <c>&lt;textarea&gt;</c>/<c>&lt;code&gt;</c> text, and the <c>content</c> of chunks a script registers with
/// <c>Bigpipe.register(name, {…})</c> (appended to the body). Comment and textarea fragments take the place of what held
/// them, so selectors see them where the browser renders them. Bounded: at most <see cref="MaxFragments"/> fragments and <see cref="MaxChars"/> characters are read; the
/// rest is named in a note for the run summary.
/// </summary>
internal static partial class HiddenContent
{
    public const int MaxFragments = 2000;
    public const int MaxChars = 8 * 1024 * 1024;

    // The page parser's own settings: hidden content is read exactly as the rest of the page.
    private static HtmlParser Parser => HtmlPageParser.Parser;

    /// <summary>The page with its hidden HTML opened; the main parse stops with an <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.</summary>
    public static IHtmlDocument Parse(string text, out string? note, CancellationToken cancellationToken = default)
    {
        var budget = new Budget();
        // Comments are opened in the text, before parsing, in one pass: a DOM edit per comment costs a search of its
        // parent's children, which a page of a million comment nodes turns into hours.
        var doc = Parser.ParseDocumentAsync(OpenComments(text, budget), cancellationToken).GetAwaiter().GetResult();
        foreach (var holder in doc.QuerySelectorAll("textarea, code").ToList())
        {
            if (holder.ChildElementCount == 0 && holder.TextContent is { } inner && LooksLikeHtml(inner))
            {
                ReplaceChildren(holder, inner, budget);
            }
        }

        if (doc.Body is { } body)
        {
            foreach (var script in doc.QuerySelectorAll("script").ToList())
            {
                foreach (var chunk in BigPipeChunks(script.TextContent))
                {
                    if (!budget.Take(chunk.Length))
                    {
                        break;
                    }

                    var holder = doc.CreateElement("div");
                    holder.SetAttribute("data-bigpipe", "");
                    foreach (var node in Parser.ParseFragment(chunk, body).ToList())
                    {
                        holder.AppendChild(node);
                    }

                    body.AppendChild(holder);
                }
            }
        }

        note = budget.Refused == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"hidden content: {budget.Refused} fragment(s) beyond the limit ({MaxFragments} fragments, {MaxChars / (1024 * 1024)} MB) not read");
        return doc;
    }

    /// <summary>
    /// <paramref name="text"/> with every comment that holds markup replaced by that markup, and every other comment
    /// (a note, a conditional comment, one over the budget) dropped. Script, style and textarea bodies are copied as
    /// they are: a "&lt;!--" there is not a comment.
    /// </summary>
    internal static string OpenComments(string text, Budget budget)
    {
        var sb = new System.Text.StringBuilder(text.Length);
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf('<', i);
            if (open < 0)
            {
                break;
            }

            if (RawTextEnd(text, open) is { } rawEnd)
            {
                sb.Append(text, i, rawEnd - i);
                i = rawEnd;
                continue;
            }

            if (string.CompareOrdinal(text, open, "<!--", 0, 4) != 0)
            {
                sb.Append(text, i, open + 1 - i);
                i = open + 1;
                continue;
            }

            sb.Append(text, i, open - i);
            var close = text.IndexOf("-->", open + 4, StringComparison.Ordinal);
            var inner = close < 0 ? text.AsSpan(open + 4) : text.AsSpan(open + 4, close - open - 4);
            if (LooksLikeHtml(inner) && budget.Take(inner.Length))
            {
                sb.Append(inner);
            }

            i = close < 0 ? text.Length : close + 3;
        }

        if (i < text.Length)
        {
            sb.Append(text, i, text.Length - i);
        }

        return sb.ToString();
    }

    private static readonly string[] RawTextElements = ["script", "style", "textarea"];

    /// <summary>When a raw-text element (script, style, textarea) opens at <paramref name="at"/>: the index after its end tag.</summary>
    private static int? RawTextEnd(string text, int at)
    {
        foreach (var name in RawTextElements)
        {
            if (at + name.Length + 1 < text.Length
                && string.Compare(text, at + 1, name, 0, name.Length, StringComparison.OrdinalIgnoreCase) == 0
                && !char.IsAsciiLetterOrDigit(text[at + name.Length + 1]))
            {
                var end = text.IndexOf("</" + name, at + name.Length + 1, StringComparison.OrdinalIgnoreCase);
                if (end < 0)
                {
                    return text.Length;
                }

                var gt = text.IndexOf('>', end);
                return gt < 0 ? text.Length : gt + 1;
            }
        }

        return null;
    }

    private static bool LooksLikeHtml(ReadOnlySpan<char> text)
    {
        var t = text.Trim();
        return t.Length > 2 && t[0] == '<' && t.IndexOf('>') > 0;
    }

    /// <summary>
    /// The markup a <c>&lt;code&gt;</c> or <c>&lt;textarea&gt;</c> holds as text, made elements: inside a code element, and
    /// in a div just before a textarea (whose content the parser only ever keeps as text).
    /// </summary>
    private static void ReplaceChildren(IElement holder, string html, Budget budget)
    {
        if (!budget.Take(html.Length))
        {
            return;
        }

        var target = holder;
        if (holder is IHtmlTextAreaElement)
        {
            target = holder.Owner!.CreateElement("div");
            target.SetAttribute("data-hidden", "textarea");
            holder.Parent?.InsertBefore(target, holder);
        }

        var nodes = Parser.ParseFragment(html, target).ToList();
        holder.TextContent = "";
        foreach (var node in nodes)
        {
            target.AppendChild(node);
        }
    }

    /// <summary>The HTML <c>content</c> (or <c>html</c>) of each <c>Bigpipe.register("name", {…})</c> call in a script.</summary>
    internal static IEnumerable<string> BigPipeChunks(string script)
    {
        if (!script.Contains("Bigpipe.register", StringComparison.Ordinal) && !script.Contains("BigPipe.register", StringComparison.Ordinal))
        {
            yield break;
        }

        foreach (Match m in RegisterCall().Matches(script))
        {
            var start = m.Index + m.Length - 1;
            var json = BalancedObject(script, start);
            if (json is null)
            {
                continue;
            }

            string? html = null;
            try
            {
                using var doc = JsonDocument.Parse(json);
                foreach (var name in new[] { "content", "html" })
                {
                    if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
                    {
                        html = v.GetString();
                        break;
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON (a script building its argument): nothing to read there.
            }

            if (!string.IsNullOrWhiteSpace(html) && LooksLikeHtml(html))
            {
                yield return html;
            }
        }
    }

    /// <summary>The JSON object starting at <paramref name="start"/> ('{'), braces balanced outside strings; null when unbalanced.</summary>
    private static string? BalancedObject(string s, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < s.Length; i++)
        {
            var c = s[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }

                continue;
            }

            switch (c)
            {
                case '"':
                    inString = true;
                    break;
                case '{':
                    depth++;
                    break;
                case '}':
                    if (--depth == 0)
                    {
                        return s[start..(i + 1)];
                    }

                    break;
            }
        }

        return null;
    }

    [GeneratedRegex(@"Big[Pp]ipe\.register\(\s*[""'][^""']*[""']\s*,\s*\{", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RegisterCall();

    internal sealed class Budget
    {
        private int _fragments;
        private long _chars;

        public int Refused { get; private set; }

        public bool Take(int chars)
        {
            if (_fragments >= MaxFragments || _chars + chars > MaxChars)
            {
                Refused++;
                return false;
            }

            _fragments++;
            _chars += chars;
            return true;
        }
    }
}
