using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using SentimentWatch.Core.Pages;
using SentimentWatch.Core.Posts;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// Reads HTML list pages (items, next page, detail links) and detail pages (the post's full text and its replies)
/// with the source's CSS selectors.
/// </summary>
internal sealed class HtmlPageParser(ParsingOptions limits) : IPageParser
{
    // Comments are never read (selectors, text extraction and markers all skip them) and element positions are never
    // asked for, so the tokenizer neither keeps the one nor tracks the other. Script text is kept: a profile may read
    // data a page embeds in a script element.
    internal static readonly HtmlParser Parser = new(new HtmlParserOptions
    {
        IsScripting = false,
        SkipComments = true,
        DisableElementPositionTracking = true,
    });

    public ParsedPage Parse(SourceOptions source, PageRole role, Uri pageUrl, string text, DateTimeOffset fetchedAtUtc, long? exchangeId)
    {
        if (ParseResults.CharsetProblem(text) is { } charset)
        {
            return ParseResults.NotParseable(charset);
        }

        if (!LooksLikeHtml(text))
        {
            return ParseResults.Missing(source, role, text,
                ParseResults.NotParseable($"body is not HTML (starts with '{ParseResults.Excerpt(text)}')"));
        }

        // Tree building costs depth × size: a page nested deeper than any real one fails before it can stall the run.
        if (HtmlNesting.Depth(text, limits.MaxDepth) > limits.MaxDepth)
        {
            return ParseResults.NotParseable($"nesting deeper than {limits.MaxDepth} elements (Crawler:Parsing:MaxDepth); page not parsed");
        }

        // Tieba delivers its lists inside HTML comments of <code> pagelets (BigPipe): a source that says so reads them as page content.
        string? hiddenNote = null;
        AngleSharp.Html.Dom.IHtmlDocument doc;
        using (var deadline = new CancellationTokenSource(limits.MaxParseTime))
        {
            try
            {
                // A string source completes synchronously; the token is checked between tokens, so the limit holds.
                doc = source.ParseHiddenContent
                    ? HiddenContent.Parse(text, out hiddenNote, deadline.Token)
                    : Parser.ParseDocumentAsync(text, deadline.Token).GetAwaiter().GetResult();

                // The hidden-content fragments are parsed after the document, where the token is not watched: a page
                // whose whole parse ran past the limit is refused all the same.
                deadline.Token.ThrowIfCancellationRequested();
            }
            catch (OperationCanceledException) when (deadline.IsCancellationRequested)
            {
                return ParseResults.NotParseable($"parsing took longer than {limits.MaxParseTime} (Crawler:Parsing:MaxParseTime); page not parsed");
            }
        }

        var ctx = new Context(source, BaseUrl(doc, pageUrl), pageUrl, fetchedAtUtc, exchangeId, doc);
        var page = role == PageRole.Detail ? ParseDetail(ctx) : ParseList(ctx);
        return hiddenNote is null ? page : page with { Notes = [.. page.Notes, hiddenNote] };
    }

    /// <summary>Relative links resolve against &lt;base href&gt; when the page has one (Discuz does), else the page URL.</summary>
    private static Uri BaseUrl(AngleSharp.Html.Dom.IHtmlDocument doc, Uri pageUrl) =>
        (doc.Head is { } head ? SelectorCache.Shared.First(head, "base[href]") : null)?.GetAttribute("href") is { } href
        && Uri.TryCreate(pageUrl, href.Trim(), out var b) && (b.Scheme == Uri.UriSchemeHttp || b.Scheme == Uri.UriSchemeHttps)
            ? b
            : pageUrl;

    internal static bool LooksLikeHtml(string text)
    {
        var span = text.AsSpan().TrimStart("\ufeff \t\r\n");
        if (span.Length == 0)
        {
            return false;
        }

        if (span[0] == '<')
        {
            return true;
        }

        var head = span[..Math.Min(span.Length, 2048)];
        return head.Contains("<html", StringComparison.OrdinalIgnoreCase) || head.Contains("<body", StringComparison.OrdinalIgnoreCase);
    }

    private static ParsedPage ParseList(Context ctx)
    {
        var s = ctx.Source;
        if (!s.Selectors.TryGetValue("item", out var itemCss))
        {
            return ParseResults.NotParseable("source has no 'item' selector for list pages");
        }

        IParentNode scope = ctx.Doc;
        if (s.Selectors.TryGetValue("list", out var listCss))
        {
            var container = SelectorCache.Shared.First(ctx.Doc, listCss);
            if (container is null && SaysNoResults(s, ctx))
            {
                // Discuz drops the whole list container when a search has no hits and shows only its notice.
                return ParseResults.Missing(s, PageRole.List, ctx.MarkerText(), ParseResults.Content([], [], null) with { ConfirmedEmpty = true });
            }

            if (container is null)
            {
                return ParseResults.Missing(s, PageRole.List, ctx.MarkerText(),
                    ParseResults.NotParseable($"required selector 'list' ({listCss}) matched nothing"));
            }

            scope = container;
        }

        var items = SelectorCache.Shared.All(scope, itemCss);
        var next = ctx.Link("nextPage", ctx.Doc, null);
        if (items.Length == 0)
        {
            // A list with no items is an honest empty page unless it is a stand-in; the engine judges
            // "zero items from a page that used to yield items" — unless the page states it has no results.
            return ParseResults.Missing(s, PageRole.List, ctx.MarkerText(), ParseResults.Content([], [], next) with { ConfirmedEmpty = SaysNoResults(s, ctx) });
        }

        var hasDetail = SelectorRoles.HasDetail(s);
        var posts = new List<CollectedPost>(items.Length);
        var details = new List<Uri>();
        var deleted = new List<string>();
        var skips = new ItemSkips();
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            var post = ctx.ReadPost("", item, item, i, parentDefault: null, threadDefault: null, out var link, out var problem, out var reason);
            if (post is null)
            {
                skips.Add(reason!, problem!);
                continue;
            }

            if (ctx.IsDeleted("", item))
            {
                deleted.Add(post.PlatformPostId);
                continue;
            }

            posts.Add(post);
            if (hasDetail && link is not null)
            {
                // The canonical URL, so the runner recognises a post it already stored by its URL.
                details.Add(post.Url);
            }
        }

        return skips.Apply(s, posts.Count + deleted.Count, ParseResults.Content(posts, details, next, deleted), "");
    }

    /// <summary>The source's <c>empty</c> selector matches: the page itself states that it has no results.</summary>
    private static bool SaysNoResults(SourceOptions source, Context ctx) =>
        source.Selectors.TryGetValue("empty", out var css) && SelectorCache.Shared.First(ctx.Doc, css) is not null;

    private static ParsedPage ParseDetail(Context ctx)
    {
        var s = ctx.Source;
        if (!s.Selectors.ContainsKey("detail.id"))
        {
            return ParseResults.NotParseable("source has no 'detail.id' selector for detail pages");
        }

        IElement? postEl = null;
        if (s.Selectors.TryGetValue("detail.post", out var postCss))
        {
            postEl = SelectorCache.Shared.First(ctx.Doc, postCss);
        }

        var replies = s.Selectors.TryGetValue("detail.reply", out var replyCss)
            ? SelectorCache.Shared.All(ctx.Doc, replyCss).Where(r => !ReferenceEquals(r, postEl)).ToList()
            : [];
        IParentNode postScope = postEl is not null ? postEl : ctx.Doc;
        var hasPost = (postEl is not null || postCss is null) && ctx.Has("detail.body", postScope, postEl);
        if (!hasPost && replies.Count == 0)
        {
            return ParseResults.Missing(s, PageRole.Detail, ctx.MarkerText(),
                ParseResults.NotParseable(postCss is not null && postEl is null
                    ? $"detail page: 'detail.post' ({postCss}) matched nothing and no reply matched"
                    : $"detail page: 'detail.body' ({s.Selectors.GetValueOrDefault("detail.body")}) matched nothing and no reply matched"));
        }

        var mainId = ctx.Read("detail.id", ctx.Doc, postEl, multiline: false);
        if (string.IsNullOrEmpty(mainId))
        {
            return ParseResults.NotParseable($"detail page: 'detail.id' ({s.Selectors["detail.id"]}) found no id");
        }

        var threadId = ctx.Read("detail.threadId", ctx.Doc, postEl, multiline: false) ?? mainId;
        var posts = new List<CollectedPost>(replies.Count + 1);
        var skips = new ItemSkips();
        if (hasPost)
        {
            var post = ctx.ReadPost("detail.", postScope, postEl, 0, parentDefault: null, threadDefault: threadId, out _, out var problem, out var reason, idOverride: mainId);
            if (post is null)
            {
                skips.Add(reason!, problem!);
            }
            else
            {
                posts.Add(post);
            }
        }

        var deleted = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < replies.Count; i++)
        {
            // A floor the page shows removed has no author or text left; it is still read for its id.
            var removed = ctx.IsDeleted("detail.reply.", replies[i]);
            var reply = ctx.ReadPost("detail.reply.", replies[i], replies[i], i, parentDefault: mainId, threadDefault: threadId, out _, out var problem, out var reason,
                requireContent: !removed);
            if (reply is null)
            {
                // An ad floor or a floor of another shape: counted, never the end of the thread.
                skips.Add(reason!, problem!);
                continue;
            }

            if (removed)
            {
                deleted.Add(reply.PlatformPostId);
                continue;
            }

            // A reply shown twice (as a floor and again nested under another) is one post: keep the copy that
            // names its real parent over the one that only defaults to the thread.
            if (seen.TryGetValue(reply.PlatformPostId, out var at))
            {
                var kept = posts[at].ParentPlatformPostId == mainId && reply.ParentPlatformPostId != mainId ? reply : posts[at];
                var other = ReferenceEquals(kept, reply) ? posts[at] : reply;
                // The nested copy shows no pictures: keep the floor's.
                posts[at] = kept.Images.Count == 0 && other.Images.Count > 0 ? kept with { Images = other.Images } : kept;

                continue;
            }

            seen[reply.PlatformPostId] = posts.Count;
            posts.Add(reply);
        }

        // An article whose comments come from a JSON API: the API's first page is fetched next as a detail page.
        var comments = ctx.CommentsLink(out var commentsProblem);
        var page = skips.Apply(s, posts.Count + deleted.Count,
            ParseResults.Content(posts, comments is null ? [] : [comments], ctx.Link("detail.nextPage", ctx.Doc, null), deleted), "detail.reply.");
        return commentsProblem is null || page.Verdict != PageVerdict.Content ? page : page with { Problems = [commentsProblem] };
    }

    private sealed class Context(SourceOptions source, Uri baseUrl, Uri pageUrl, DateTimeOffset fetchedAtUtc, long? exchangeId, AngleSharp.Html.Dom.IHtmlDocument doc)
    {
        public SourceOptions Source { get; } = source;

        public AngleSharp.Html.Dom.IHtmlDocument Doc { get; } = doc;

        /// <summary>Text the stand-in markers are looked for in: the title and the body text a reader is shown (<see cref="ShownText"/>).</summary>
        public string MarkerText() => Doc.Title + "\n" + (Doc.Body is null ? "" : ShownText.Of(Doc.Body));

        public bool Has(string role, IParentNode scope, IElement? self) => Read(role, scope, self, multiline: true) is not null;

        /// <summary>Whether the item's <c>deleted</c> role matches: the page still lists the post but shows it removed.</summary>
        public bool IsDeleted(string prefix, IElement item)
        {
            if (!Source.Selectors.TryGetValue(prefix + "deleted", out var spec))
            {
                return false;
            }

            // Any match counts; with a pattern, the value must also match it.
            return HtmlSelector.ParseAll(spec).Any(sel => sel.Element(item, item) is not null)
                && (!Source.Selectors.ContainsKey(prefix + "deleted" + SelectorRoles.PatternSuffix) || Read(prefix + "deleted", item, item, multiline: false) is not null);
        }

        /// <summary>The role's value in <paramref name="scope"/>, through its pattern; null when not configured or not found.</summary>
        public string? Read(string role, IParentNode scope, IElement? self, bool multiline)
        {
            if (!Source.Selectors.TryGetValue(role, out var spec))
            {
                return null;
            }

            foreach (var sel in HtmlSelector.ParseAll(spec))
            {
                var value = RolePatterns.Apply(Source, role, Raw(role, sel, scope, self, multiline, linkDefault: false));
                if (!string.IsNullOrEmpty(value))
                {
                    return value;
                }
            }

            return null;
        }

        private string? Raw(string role, HtmlSelector sel, IParentNode scope, IElement? self, bool multiline, bool linkDefault)
        {
            if (sel.PageUrl)
            {
                return pageUrl.AbsoluteUri;
            }

            if (sel.Scripts)
            {
                return ScriptText();
            }

            var el = sel.Element(scope, self);
            if (el is null)
            {
                return null;
            }

            // A link selector without '@attr' means the element's href.
            return sel.Attribute is not null ? el.GetAttribute(sel.Attribute)
                : linkDefault ? el.GetAttribute("href")
                : multiline ? HtmlText.ToPlainText(Excluding(role, el)) : HtmlText.ToLine(el);
        }

        /// <summary>
        /// <paramref name="el"/> without what the role's <c>.exclude</c> selector names (quoted posts, "本帖最后由…编辑"
        /// notices, guest notices, signatures, ads), so the text is the author's own words. A copy: the page is not changed,
        /// because the quote role still reads the quoted post from it.
        /// </summary>
        private IElement Excluding(string role, IElement el)
        {
            if (!Source.Selectors.TryGetValue(role + SelectorRoles.ExcludeSuffix, out var css))
            {
                return el;
            }

            var copy = (IElement)el.Clone(deep: true);
            foreach (var drop in SelectorCache.Shared.All(copy, css).ToList())
            {
                drop.Remove();
            }

            return copy;
        }

        private string? _scripts;

        /// <summary>Every script's text, joined: where portals keep the ids their comment widgets are built from.</summary>
        private string ScriptText() => _scripts ??= string.Join('\n', SelectorCache.Shared.All(Doc, "script").Select(e => e.TextContent));

        /// <summary>
        /// The comments API of the page: <c>commentsUrl</c> read as a link, or — when it is a template
        /// (<c>/comments?docId={docId}&amp;page={page}</c>) — filled with the <c>vars.{name}</c> values read from the page
        /// (<c>{page}</c> is 1). Null with <paramref name="problem"/> when a template value is not on the page.
        /// </summary>
        public Uri? CommentsLink(out string? problem)
        {
            problem = null;
            if (!Source.Selectors.TryGetValue(SelectorRoles.CommentsUrl, out var spec))
            {
                return null;
            }

            if (!UrlTemplate.IsTemplate(spec))
            {
                return Link(SelectorRoles.CommentsUrl, Doc, null);
            }

            var filled = UrlTemplate.Fill(spec, name => name == "page" ? "1" : Read(SelectorRoles.VarsPrefix + name, Doc, null, multiline: false), out var missing);
            if (filled is null)
            {
                problem = $"comments not read: template '{spec}' needs {{{missing}}}, but '{SelectorRoles.VarsPrefix}{missing}' ({Source.Selectors.GetValueOrDefault(SelectorRoles.VarsPrefix + missing) ?? "not configured"}) found nothing on the page";
                return null;
            }

            return Resolve(filled);
        }

        public Uri? Link(string role, IParentNode scope, IElement? self)
        {
            if (!Source.Selectors.TryGetValue(role, out var spec))
            {
                return null;
            }

            foreach (var sel in HtmlSelector.ParseAll(spec))
            {
                var link = Resolve(RolePatterns.Apply(Source, role, Raw(role, sel, scope, self, multiline: false, linkDefault: true)));
                if (link is not null)
                {
                    return link;
                }
            }

            return null;
        }

        public Uri? Resolve(string? raw)
        {
            if (string.IsNullOrWhiteSpace(raw) || raw.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase) || raw.StartsWith('#'))
            {
                return null;
            }

            return Uri.TryCreate(baseUrl, raw.Trim(), out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
                ? u
                : null;
        }

        /// <summary>
        /// One post from the roles under <paramref name="prefix"/>; null with <paramref name="problem"/> and a short
        /// <paramref name="reason"/> ("no id"; with <paramref name="requireContent"/> also "no author", "no text") when the
        /// item cannot be read as a post — the caller counts it and goes on (<see cref="ItemSkips"/>).
        /// </summary>
        public CollectedPost? ReadPost(string prefix, IParentNode scope, IElement? self, int index, string? parentDefault, string? threadDefault,
            out Uri? link, out string? problem, out string? reason, string? idOverride = null, bool requireContent = false)
        {
            problem = null;
            reason = null;
            var what = prefix switch { "" => "item", "detail.reply." => "reply", _ => "post" };
            var main = prefix == "detail.";
            link = Link(prefix + "link", scope, self) ?? (main ? Link(prefix + "link", Doc, null) : null);
            if (link is null && Source.Selectors.TryGetValue(prefix + "link", out var linkSpec) && !main)
            {
                problem = $"{what} {index}: '{prefix}link' ({linkSpec}) found no URL";
                reason = "no link";
                return null;
            }

            var id = idOverride ?? Read(prefix + "id", scope, self, multiline: false);
            if (string.IsNullOrEmpty(id) && Source.Selectors.TryGetValue(prefix + "id", out var idSpec))
            {
                problem = $"{what} {index}: '{prefix}id' ({idSpec}) found no id";
                reason = "no id";
                return null;
            }

            var canonical = UrlCanonicalizer.Canonicalize(link ?? pageUrl, Source);
            if (string.IsNullOrEmpty(id))
            {
                if (link is null)
                {
                    problem = $"{what} {index}: neither '{prefix}id' nor '{prefix}link' is configured";
                    reason = "no id";
                    return null;
                }

                id = canonical.AbsoluteUri;
            }

            // The main post's title and counts often sit outside its element (page header, share bar): fall back to the page.
            var title = Read(prefix + "title", scope, self, multiline: false) ?? (main ? Read(prefix + "title", Doc, null, multiline: false) : null);
            var body = Read(prefix + "body", scope, self, multiline: true);
            var timeRaw = Read(prefix + "time", scope, self, multiline: false);
            var author = new AuthorInfo(
                Read(prefix + "authorId", scope, self, multiline: false),
                Read(prefix + "authorName", scope, self, multiline: false),
                Count(prefix + "authorFollowers", scope, self, pageFallback: false));
            var engagement = new Engagement(
                Count(prefix + "reposts", scope, self, main),
                Count(prefix + "comments", scope, self, main),
                Count(prefix + "likes", scope, self, main),
                Count(prefix + "views", scope, self, main));
            // Replies only: a floor without an author is an ad or a promotion block. A list item or an article may
            // honestly name no author (news), so they are never dropped for it.
            if (requireContent && author.Id is null && author.DisplayName is null
                && (Source.Selectors.ContainsKey(prefix + "authorName") || Source.Selectors.ContainsKey(prefix + "authorId")))
            {
                problem = $"{what} {index} ({id}): '{prefix}authorName' ({Source.Selectors.GetValueOrDefault(prefix + "authorName")}) found no author";
                reason = "no author";
                return null;
            }

            if (requireContent && string.IsNullOrWhiteSpace(body) && string.IsNullOrWhiteSpace(title) && Source.Selectors.ContainsKey(prefix + "body"))
            {
                problem = $"{what} {index} ({id}): '{prefix}body' ({Source.Selectors[prefix + "body"]}) found no text";
                reason = "no text";
                return null;
            }

            var parent = Read(prefix + "parentId", scope, self, multiline: false);
            if (parent is null || parent == id)
            {
                parent = parentDefault;
            }

            var thread = Read(prefix + "threadId", scope, self, multiline: false) ?? threadDefault ?? (parent is null ? id : null);
            return new CollectedPost(
                Source.Id, Source.Platform ?? "", id, canonical, thread, parent == id ? null : parent, author,
                string.IsNullOrEmpty(title) ? null : title, body ?? title ?? "",
                ChineseTime.Parse(timeRaw, fetchedAtUtc), string.IsNullOrEmpty(timeRaw) ? null : timeRaw,
                engagement, exchangeId)
            {
                Images = Images(prefix + "images", scope, self),
                Quote = Read(prefix + "quote", scope, self, multiline: true) is { Length: > 0 } quote ? quote : null,
            };
        }

        /// <summary>
        /// Every image an <c>images</c> role points at inside the post: each matching element's attribute (<c>img@src</c>),
        /// or, without one, its <c>data-original</c>, <c>data-src</c> or <c>src</c> (lazy-loading pages keep the real
        /// address in a data attribute). Only absolute http(s) addresses, each once, in page order.
        /// </summary>
        private IReadOnlyList<Uri> Images(string role, IParentNode scope, IElement? self)
        {
            if (!Source.Selectors.TryGetValue(role, out var spec))
            {
                return [];
            }

            var found = new List<Uri>();
            foreach (var sel in HtmlSelector.ParseAll(spec))
            {
                IEnumerable<IElement> elements = sel.Css is null ? (self is null ? [] : [self]) : SelectorCache.Shared.All(scope, sel.Css);
                foreach (var el in elements)
                {
                    var raw = sel.Attribute is not null ? el.GetAttribute(sel.Attribute)
                        : el.GetAttribute("data-original") ?? el.GetAttribute("data-src") ?? el.GetAttribute("src");
                    if (Resolve(raw) is { } uri && !found.Contains(uri))
                    {
                        found.Add(uri);
                    }
                }
            }

            return found;
        }

        private long? Count(string role, IParentNode scope, IElement? self, bool pageFallback)
        {
            if (!Source.Selectors.ContainsKey(role))
            {
                return null;
            }

            var raw = Read(role, scope, self, multiline: false) ?? (pageFallback ? Read(role, Doc, null, multiline: false) : null);
            // A matched count element without digits ("转发", "评论") is how these pages print zero.
            return raw is null ? null : CountText.Parse(raw, labelOnlyIsZero: true);
        }
    }
}
