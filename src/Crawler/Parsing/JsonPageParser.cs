using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using SentimentWatch.Core.Posts;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// Reads JSON API pages (timelines, search results, comment lists) with field paths; HTML held in text fields is
/// reduced to plain text. Detail pages (<see cref="PageRole.Detail"/>) use the <c>detail.*</c> roles.
/// </summary>
internal sealed class JsonPageParser(ParsingOptions limits) : IPageParser
{
    private readonly JsonDocumentOptions _docOptions = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = limits.MaxJsonDepth,
    };

    private static readonly ConcurrentDictionary<string, JsonFieldPath> Paths = new(StringComparer.Ordinal);

    public ParsedPage Parse(SourceOptions source, PageRole role, Uri pageUrl, string text, DateTimeOffset fetchedAtUtc, long? exchangeId) =>
        Parse(source, role, role switch { PageRole.Detail => "detail.", PageRole.Recrawl => "recrawl.", _ => "" }, pageUrl, text, fetchedAtUtc, exchangeId);

    /// <summary>Parses with the roles under <paramref name="prefix"/> ("" list, "detail.", or "comments." for an HTML source's comments API).</summary>
    internal ParsedPage Parse(SourceOptions source, PageRole role, string prefix, Uri pageUrl, string text, DateTimeOffset fetchedAtUtc, long? exchangeId)
    {
        if (ParseResults.CharsetProblem(text) is { } charset)
        {
            return ParseResults.NotParseable(charset);
        }

        if (text.Length > limits.MaxJsonChars)
        {
            return ParseResults.NotParseable($"JSON answer of {text.Length} characters is larger than {limits.MaxJsonChars} (Crawler:Parsing:MaxJsonChars); page not parsed");
        }

        var json = StripJsonp(text);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, _docOptions);
        }
        catch (JsonException ex) when (ex.Message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            return ParseResults.NotParseable($"JSON nesting deeper than {limits.MaxJsonDepth} (Crawler:Parsing:MaxJsonDepth); page not parsed");
        }
        catch (JsonException ex)
        {
            // A captcha or login page served in place of the API is the usual reason an API stops answering JSON.
            var markerText = HtmlPageParser.LooksLikeHtml(text) ? HtmlText.FromHtml(text) : text;
            return ParseResults.Missing(source, role, markerText,
                ParseResults.NotParseable($"body is not JSON ({ex.Message.Split('.')[0]}; starts with '{ParseResults.Excerpt(text)}')"));
        }

        using (doc)
        {
            if (!source.Selectors.TryGetValue(prefix + "items", out var itemsPath))
            {
                return ParseResults.NotParseable($"source has no '{prefix}items' path for {(prefix.Length == 0 ? "list" : prefix.TrimEnd('.'))} pages");
            }

            var root = doc.RootElement;
            if (role != PageRole.List && Truthy(Read(source, prefix + "deletedWhen", root, pageUrl)))
            {
                // An API's own "gone" answer (e.g. errno 20101), read from a field rather than a phrase.
                return ParseResults.Verdict(PageVerdict.Deleted,
                    $"'{prefix}deletedWhen' ({source.Selectors[prefix + "deletedWhen"]}) is '{Path(source.Selectors[prefix + "deletedWhen"]).FirstText(root, pageUrl)}'");
            }

            var items = Path(itemsPath).Select(root).SelectMany(e => e.ValueKind == JsonValueKind.Array ? e.EnumerateArray() : (IEnumerable<JsonElement>)[e])
                .Where(e => e.ValueKind == JsonValueKind.Object).ToList();
            var next = NextPage(source, prefix, root, pageUrl);
            if (items.Count == 0)
            {
                return ParseResults.Missing(source, role, AllStrings(root), ParseResults.Content([], [], next));
            }

            var posts = new List<CollectedPost>(items.Count);
            var details = new List<Uri>();
            var deleted = new List<string>();
            var skips = new ItemSkips();
            for (var i = 0; i < items.Count; i++)
            {
                var item = items[i];
                var post = ReadPost(source, prefix, item, i, pageUrl, fetchedAtUtc, exchangeId, out var problem);
                if (post is null)
                {
                    // A card that is not a post (an ad, a recommendation) is counted and passed over.
                    skips.Add("no id", problem!);
                    continue;
                }

                if (Truthy(Read(source, prefix + "deleted", item, pageUrl)))
                {
                    deleted.Add(post.PlatformPostId);
                    continue;
                }

                posts.Add(post);
                if (prefix.Length == 0)
                {
                    // Truncated text first (the post itself is incomplete), then its comments.
                    if (TemplateUrl(source, "fullTextUrl", "fullTextWhen", item, pageUrl) is { } full)
                    {
                        details.Add(full);
                    }

                    if (TemplateUrl(source, "detailUrl", "detailWhen", item, pageUrl) is { } detail)
                    {
                        details.Add(detail);
                    }
                }
                else if (role == PageRole.Recrawl && TemplateUrl(source, "detailUrl", "detailWhen", item, pageUrl) is { } comments)
                {
                    // A refreshed post's comments page: the runner reads it when the post shows more comments than stored.
                    details.Add(comments);
                }
            }

            return skips.Apply(source, posts.Count + deleted.Count, ParseResults.Content(posts, details, next, deleted), prefix);
        }
    }

    private static JsonFieldPath Path(string text) => Paths.GetOrAdd(text, JsonFieldPath.Parse);

    private static string? Read(SourceOptions source, string role, JsonElement item, Uri pageUrl)
    {
        if (!source.Selectors.TryGetValue(role, out var path))
        {
            return null;
        }

        return RolePatterns.Apply(source, role, Path(path).FirstText(item, pageUrl));
    }

    private static CollectedPost? ReadPost(SourceOptions source, string prefix, JsonElement item, int index, Uri pageUrl,
        DateTimeOffset fetchedAtUtc, long? exchangeId, out string? problem)
    {
        problem = null;
        var id = Read(source, prefix + "id", item, pageUrl);
        if (string.IsNullOrEmpty(id))
        {
            problem = $"item {index}: '{prefix}id' ({source.Selectors.GetValueOrDefault(prefix + "id") ?? "not configured"}) found no id";
            return null;
        }

        Uri? link = null;
        if (source.Selectors.TryGetValue(prefix + "link", out var linkSpec))
        {
            var raw = linkSpec.Contains('{', StringComparison.Ordinal) ? Expand(linkSpec, item, pageUrl) : Read(source, prefix + "link", item, pageUrl);
            link = Resolve(pageUrl, raw);
        }

        var canonical = UrlCanonicalizer.Canonicalize(link ?? pageUrl, source);
        var title = Html(Read(source, prefix + "title", item, pageUrl));
        var body = Html(Read(source, prefix + "body", item, pageUrl));
        var timeRaw = Read(source, prefix + "time", item, pageUrl);
        var author = new AuthorInfo(
            Read(source, prefix + "authorId", item, pageUrl),
            // A name as an API hands it out may carry padding the platform does not show (a Bilibili answer's " 里芙").
            Read(source, prefix + "authorName", item, pageUrl)?.Trim(),
            CountText.Parse(Read(source, prefix + "authorFollowers", item, pageUrl)));
        var engagement = new Engagement(
            CountText.Parse(Read(source, prefix + "reposts", item, pageUrl)),
            CountText.Parse(Read(source, prefix + "comments", item, pageUrl)),
            CountText.Parse(Read(source, prefix + "likes", item, pageUrl)),
            CountText.Parse(Read(source, prefix + "views", item, pageUrl)));
        var parent = Read(source, prefix + "parentId", item, pageUrl);
        if (parent is "" or "0" || parent == id)
        {
            parent = null;
        }

        var thread = Read(source, prefix + "threadId", item, pageUrl);
        if (thread is "" or "0")
        {
            thread = null;
        }

        return new CollectedPost(
            source.Id, source.Platform ?? "", id, canonical, thread ?? parent ?? id, parent, author,
            string.IsNullOrEmpty(title) ? null : title, body ?? title ?? "",
            ChineseTime.Parse(timeRaw, fetchedAtUtc), string.IsNullOrEmpty(timeRaw) ? null : timeRaw,
            engagement, exchangeId)
        {
            Images = Images(source, prefix + "images", item, pageUrl),
        };
    }

    /// <summary>Every image URL an <c>images</c> path selects (e.g. <c>pic_infos[*].large.url | pics[*].url</c>), each once, resolved.</summary>
    private static IReadOnlyList<Uri> Images(SourceOptions source, string role, JsonElement item, Uri pageUrl)
    {
        if (!source.Selectors.TryGetValue(role, out var path))
        {
            return [];
        }

        var found = new List<Uri>();
        foreach (var element in Path(path).Select(item))
        {
            if (Resolve(pageUrl, JsonFieldPath.ToText(element)) is { } uri && !found.Contains(uri))
            {
                found.Add(uri);
            }
        }

        return found;
    }

    private static string? Html(string? value) => value is null ? null : HtmlText.FromHtml(value);

    private static Uri? TemplateUrl(SourceOptions source, string role, string whenRole, JsonElement item, Uri pageUrl)
    {
        if (!source.Selectors.TryGetValue(role, out var template))
        {
            return null;
        }

        if (source.Selectors.TryGetValue(whenRole, out var when) && !Truthy(Path(when).FirstText(item, pageUrl)))
        {
            return null;
        }

        return Resolve(pageUrl, Expand(template, item, pageUrl));
    }

    private static bool Truthy(string? v) => v is not (null or "" or "0" or "false" or "null");

    private static Uri? NextPage(SourceOptions source, string prefix, JsonElement root, Uri pageUrl)
    {
        // A cursor the answer hands out (since_id, max_id, cursor, a next URL) wins over page numbers.
        if (source.Selectors.ContainsKey(prefix + "nextCursor") && Read(source, prefix + "nextCursor", root, pageUrl) is { } cursor && Truthy(cursor))
        {
            if (source.Selectors.ContainsKey(prefix + "hasMore") && !Truthy(Read(source, prefix + "hasMore", root, pageUrl)))
            {
                // The answer still hands out a cursor but says there is no more (Tencent's "hasnext": false).
                return null;
            }

            return source.Selectors.TryGetValue(prefix + "nextCursorParam", out var cursorParam) && !string.IsNullOrWhiteSpace(cursorParam)
                ? WithQuery(pageUrl, cursorParam.Trim(), cursor)
                : Resolve(pageUrl, cursor);
        }

        source.Selectors.TryGetValue(prefix + "nextPageParam", out var pageParam);
        if (source.Selectors.ContainsKey(prefix + "hasMore") && !string.IsNullOrWhiteSpace(pageParam))
        {
            // "has_more: true" APIs: the next page is this page's number plus one.
            if (!Truthy(Read(source, prefix + "hasMore", root, pageUrl)))
            {
                return null;
            }

            var current = long.TryParse(JsonFieldPath.QueryValue(pageUrl, pageParam.Trim()), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 1;
            return WithQuery(pageUrl, pageParam.Trim(), (current + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var value = Read(source, prefix + "nextPage", root, pageUrl);
        if (!Truthy(value))
        {
            return null;
        }

        if (source.Selectors.TryGetValue(prefix + "nextPageParam", out var param) && !string.IsNullOrWhiteSpace(param))
        {
            return WithQuery(pageUrl, param.Trim(), value!);
        }

        return Resolve(pageUrl, value);
    }

    /// <summary><paramref name="url"/> with query parameter <paramref name="name"/> set to <paramref name="value"/> (replaced or appended).</summary>
    internal static Uri WithQuery(Uri url, string name, string value)
    {
        var pairs = url.Query.Length > 1 ? url.Query[1..].Split('&', StringSplitOptions.RemoveEmptyEntries).ToList() : [];
        var encoded = Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(value);
        var at = pairs.FindIndex(p => string.Equals(Uri.UnescapeDataString(p.Split('=')[0]), name, StringComparison.Ordinal));
        if (at >= 0)
        {
            pairs[at] = encoded;
        }
        else
        {
            pairs.Add(encoded);
        }

        return new UriBuilder(url) { Query = string.Join('&', pairs) }.Uri;
    }

    /// <summary>Fills <c>{path}</c> placeholders from the item; null when one of them is missing.</summary>
    internal static string? Expand(string template, JsonElement item, Uri pageUrl)
    {
        var sb = new StringBuilder();
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                sb.Append(template, i, template.Length - i);
                break;
            }

            var close = template.IndexOf('}', open);
            if (close < 0)
            {
                return null;
            }

            sb.Append(template, i, open - i);
            var value = Path(template[(open + 1)..close]).FirstText(item, pageUrl);
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }

            sb.Append(Uri.EscapeDataString(value));
            i = close + 1;
        }

        return sb.ToString();
    }

    private static Uri? Resolve(Uri pageUrl, string? raw) =>
        !string.IsNullOrWhiteSpace(raw) && Uri.TryCreate(pageUrl, raw.Trim(), out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
            ? u
            : null;

    private static string? TryGetString(JsonElement e)
    {
        try
        {
            return e.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Every string and property name in the document, for marker search on an API error answer.</summary>
    private static string AllStrings(JsonElement root)
    {
        var sb = new StringBuilder();
        Collect(root, sb, 0);
        return sb.ToString();

        static void Collect(JsonElement e, StringBuilder sb, int depth)
        {
            if (depth > 32 || sb.Length > 64 * 1024)
            {
                return;
            }

            switch (e.ValueKind)
            {
                case JsonValueKind.String:
                    // An escaped lone surrogate ("\ud800", found by fuzzing) cannot become a .NET string: use the raw text.
                    sb.Append(TryGetString(e) ?? e.GetRawText()).Append('\n');
                    break;
                case JsonValueKind.Object:
                    foreach (var p in e.EnumerateObject())
                    {
                        Collect(p.Value, sb, depth + 1);
                    }

                    break;
                case JsonValueKind.Array:
                    foreach (var c in e.EnumerateArray())
                    {
                        Collect(c, sb, depth + 1);
                    }

                    break;
            }
        }
    }

    /// <summary>Unwraps JSONP (<c>callback({...});</c>), which many Chinese APIs still answer with.</summary>
    internal static string StripJsonp(string text)
    {
        var t = text.AsSpan().Trim("\ufeff \t\r\n");
        if (t.Length == 0 || t[0] is '{' or '[')
        {
            return text;
        }

        var open = t.IndexOf('(');
        if (open <= 0)
        {
            return text;
        }

        foreach (var c in t[..open])
        {
            if (!(char.IsLetterOrDigit(c) || c is '_' or '$' or '.'))
            {
                return text;
            }
        }

        var end = t.TrimEnd(';').TrimEnd();
        return end.Length > open + 1 && end[^1] == ')' ? end[(open + 1)..^1].ToString() : text;
    }
}
