namespace SentimentWatch.Crawler.Sources;

/// <summary>The selector roles each source kind understands; anything else in <c>Selectors</c> is refused at start-up.</summary>
public static class SelectorRoles
{
    /// <summary>Suffix of a companion role holding a regular expression applied to the role's value (first group wins).</summary>
    public const string PatternSuffix = ".pattern";

    /// <summary>
    /// Suffix of an HTML body role's companion holding CSS of elements left out of the text (quotes, edit notices,
    /// signatures, ads): <c>detail.reply.body.exclude</c>.
    /// </summary>
    public const string ExcludeSuffix = ".exclude";

    /// <summary>
    /// JSON role: the URL template of one post's own API answer (e.g. <c>/statuses/show?id={id}</c>; <c>{id}</c> is the stored
    /// platform post id), re-fetched by the recrawl to refresh engagement and record edits and deletions. Its answer is read
    /// with the <c>recrawl.*</c> roles; a <c>recrawl.</c> post field not set falls back to the list role of the same name.
    /// </summary>
    public const string RecrawlUrl = "recrawlUrl";

    /// <summary>HTML role: the comments API of a detail page, a link selector or a URL template filled from <see cref="VarsPrefix"/> roles.</summary>
    public const string CommentsUrl = "commentsUrl";

    /// <summary>
    /// Prefix of HTML roles naming a value a <see cref="CommentsUrl"/> template takes from the page: <c>vars.docId</c> with
    /// <c>$scripts</c> and a pattern, an attribute (<c>#comments@data-newsid</c>) or an element's text.
    /// </summary>
    public const string VarsPrefix = "vars.";

    /// <summary>Fields read for one post or reply, relative to its item.</summary>
    public static IReadOnlyList<string> PostFields { get; } =
    [
        "id", "link", "title", "body", "time", "authorId", "authorName", "authorFollowers",
        "reposts", "comments", "likes", "views", "parentId", "threadId", "deleted", "quote", "images",
    ];

    /// <summary>Roles of an HTML source.</summary>
    public static IReadOnlySet<string> Html { get; } = new HashSet<string>(
        ["list", "item", "nextPage", "empty", .. PostFields,
         "detail.post", "detail.reply", "detail.nextPage", "commentsUrl",
         .. PostFields.Select(f => "detail." + f),
         .. PostFields.Select(f => "detail.reply." + f),
         "body" + ExcludeSuffix, "detail.body" + ExcludeSuffix, "detail.reply.body" + ExcludeSuffix,
         "comments.items", "comments.nextPage", "comments.nextPageParam", "comments.nextCursor", "comments.nextCursorParam", "comments.hasMore",
         .. PostFields.Select(f => "comments." + f)],
        StringComparer.Ordinal);

    /// <summary>Roles of a JSON source.</summary>
    public static IReadOnlySet<string> Json { get; } = new HashSet<string>(
        ["items", "nextPage", "nextPageParam", "nextCursor", "nextCursorParam", "hasMore", "detailUrl", "detailWhen", "fullTextUrl", "fullTextWhen", .. PostFields,
         "detail.items", "detail.nextPage", "detail.nextPageParam", "detail.nextCursor", "detail.nextCursorParam", "detail.hasMore",
         .. PostFields.Select(f => "detail." + f),
         RecrawlUrl, "recrawl.items", "recrawl.deletedWhen",
         .. PostFields.Select(f => "recrawl." + f)],
        StringComparer.Ordinal);

    /// <summary>Roles of a feed source: none (RSS and Atom elements are fixed by the formats).</summary>
    public static IReadOnlySet<string> Feed { get; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>JSON roles whose value is a plain name or a URL template, not a field path.</summary>
    internal static IReadOnlySet<string> JsonNonPath { get; } = new HashSet<string>(
        ["nextPageParam", "detail.nextPageParam", "comments.nextPageParam", "nextCursorParam", "detail.nextCursorParam", "comments.nextCursorParam", "detailUrl", "fullTextUrl", RecrawlUrl], StringComparer.Ordinal);

    /// <summary>Roles known for <paramref name="kind"/>.</summary>
    public static IReadOnlySet<string> For(SourceKind kind) => kind switch
    {
        SourceKind.Html => Html,
        SourceKind.Json => Json,
        _ => Feed,
    };

    /// <summary>The role a key names, without a <see cref="PatternSuffix"/>; and whether it had one.</summary>
    public static (string Role, bool IsPattern) Split(string key) =>
        key.EndsWith(PatternSuffix, StringComparison.Ordinal)
            ? (key[..^PatternSuffix.Length], true)
            : (key, false);

    /// <summary>True when the source reads detail pages (any <c>detail.*</c> role, or a JSON <c>detailUrl</c> / <c>fullTextUrl</c>).</summary>
    public static bool HasDetail(SourceOptions source) =>
        source.Selectors.Keys.Any(k => k.StartsWith("detail.", StringComparison.Ordinal) || k is "detailUrl" or "fullTextUrl");
}
