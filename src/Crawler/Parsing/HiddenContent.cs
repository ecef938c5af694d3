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
/// <c>Bigpipe.register(name, {…})</c>. Each fragment replaces what held it, so selectors see it where the browser would
/// render it. Bounded: at most <see cref="MaxFragments"/> fragments and <see cref="MaxChars"/> characters are read; the
/// rest is named in a note for the run summary.
/// </summary>
internal static partial class HiddenContent
{
    public const int MaxFragments = 2000;
    public const int MaxChars = 8 * 1024 * 1024;

    private static readonly HtmlParser Parser = new(new HtmlParserOptions
    {
        IsScripting = false,
        SkipComments = false,
        DisableElementPositionTracking = true,
    });

    public static IHtmlDocument Parse(string text, out string? note)
    {
        var doc = Parser.ParseDocument(text);
        var budget = new Budget();
        // A fragment may itself hold a comment pagelet: newly inserted nodes are looked at in later rounds.
        for (var round = 0; round < 3; round++)
        {
            var found = false;
            foreach (var comment in doc.Descendants<IComment>().ToList())
            {
                if (LooksLikeHtml(comment.Data) && comment.Parent is IElement parent)
                {
                    found |= Replace(comment, parent, comment.Data, budget);
                }
            }

            foreach (var holder in doc.QuerySelectorAll("textarea, code").ToList())
            {
                if (holder.ChildElementCount == 0 && holder.TextContent is { } inner && LooksLikeHtml(inner))
                {
                    found |= ReplaceChildren(holder, inner, budget);
                }
            }

            if (!found)
            {
                break;
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

        // Comments that stayed comments (plain notes, or over the budget) must not reach text extraction.
        foreach (var comment in doc.Descendants<IComment>().ToList())
        {
            comment.Parent?.RemoveChild(comment);
        }

        note = budget.Refused == 0 ? null : string.Create(CultureInfo.InvariantCulture,
            $"hidden content: {budget.Refused} fragment(s) beyond the limit ({MaxFragments} fragments, {MaxChars / (1024 * 1024)} MB) not read");
        return doc;
    }

    private static bool LooksLikeHtml(string text)
    {
        var t = text.AsSpan().Trim();
        return t.Length > 2 && t[0] == '<' && t.IndexOf('>') > 0;
    }

    private static bool Replace(INode old, IElement context, string html, Budget budget)
    {
        if (!budget.Take(html.Length))
        {
            return false;
        }

        foreach (var node in Parser.ParseFragment(html, context).ToList())
        {
            context.InsertBefore(node, old);
        }

        context.RemoveChild(old);
        return true;
    }

    private static bool ReplaceChildren(IElement holder, string html, Budget budget)
    {
        if (!budget.Take(html.Length))
        {
            return false;
        }

        // A textarea's content is raw text to the parser: its fragment is read in a div's context.
        var context = holder is IHtmlTextAreaElement ? holder.Owner!.CreateElement("div") : holder;
        var nodes = Parser.ParseFragment(html, context).ToList();
        holder.TextContent = "";
        if (holder is IHtmlTextAreaElement)
        {
            var div = holder.Owner!.CreateElement("div");
            div.SetAttribute("data-hidden", "textarea");
            foreach (var node in nodes)
            {
                div.AppendChild(node);
            }

            holder.Parent?.InsertBefore(div, holder);
            return true;
        }

        foreach (var node in nodes)
        {
            holder.AppendChild(node);
        }

        return true;
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

    private sealed class Budget
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
