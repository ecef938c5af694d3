using System.Xml;
using System.Xml.Linq;
using SentimentWatch.Core.Posts;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>Reads RSS 2.0 (and 0.9x/1.0) and Atom feeds, including dc:creator, content:encoded and guid/id.</summary>
internal sealed class FeedPageParser : IPageParser
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Content = "http://purl.org/rss/1.0/modules/content/";
    private static readonly XNamespace Dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace Slash = "http://purl.org/rss/1.0/modules/slash/";
    private static readonly XNamespace Rss1 = "http://purl.org/rss/1.0/";

    // No DTDs and no resolver: a feed must never make the parser fetch or expand anything.
    private static readonly XmlReaderSettings ReaderSettings = new()
    {
        DtdProcessing = DtdProcessing.Ignore,
        XmlResolver = null,
        IgnoreComments = true,
        MaxCharactersFromEntities = 0,
    };

    public ParsedPage Parse(SourceOptions source, PageRole role, Uri pageUrl, string text, DateTimeOffset fetchedAtUtc, long? exchangeId)
    {
        if (ParseResults.CharsetProblem(text) is { } charset)
        {
            return ParseResults.NotParseable(charset);
        }

        XDocument doc;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text.TrimStart('\ufeff', ' ', '\t', '\r', '\n')), ReaderSettings);
            doc = XDocument.Load(reader);
        }
        catch (XmlException ex)
        {
            var markerText = HtmlPageParser.LooksLikeHtml(text) ? HtmlText.FromHtml(text) : text;
            return ParseResults.Missing(source, role, markerText,
                ParseResults.NotParseable($"body is not an RSS/Atom feed ({ex.Message}; starts with '{ParseResults.Excerpt(text)}')"));
        }

        var root = doc.Root!;
        var name = root.Name;
        if (name == Atom + "feed")
        {
            return ParseAtom(source, root, pageUrl, fetchedAtUtc, exchangeId);
        }

        if (name.LocalName == "rss" || name.LocalName == "RDF")
        {
            return ParseRss(source, root, pageUrl, fetchedAtUtc, exchangeId);
        }

        return ParseResults.Missing(source, role, root.Value,
            ParseResults.NotParseable($"body is XML but not RSS or Atom (root element <{name.LocalName}>)"));
    }

    private static ParsedPage ParseRss(SourceOptions source, XElement root, Uri pageUrl, DateTimeOffset fetchedAtUtc, long? exchangeId)
    {
        var channel = root.Element("channel") ?? root.Element(Rss1 + "channel");
        var items = root.Name.LocalName == "RDF"
            ? root.Elements(Rss1 + "item").ToList()
            : (channel?.Elements("item") ?? []).ToList();
        var posts = new List<CollectedPost>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var link = Resolve(pageUrl, Value(item, "link") ?? Value(item, Rss1 + "link"));
            var guid = Value(item, "guid");
            var canonical = UrlCanonicalizer.Canonicalize(link ?? pageUrl, source);
            var id = guid ?? link?.AbsoluteUri;
            if (id is null)
            {
                return ParseResults.NotParseable($"item {i}: has neither <guid> nor <link>");
            }

            id = link is not null && guid is null ? canonical.AbsoluteUri : id;
            var title = Value(item, "title") ?? Value(item, Rss1 + "title");
            var html = Value(item, Content + "encoded") ?? Value(item, "description") ?? Value(item, Rss1 + "description");
            var timeRaw = Value(item, "pubDate") ?? Value(item, Dc + "date");
            var author = Value(item, Dc + "creator") ?? Value(item, "author");
            var comments = Value(item, Slash + "comments");
            posts.Add(Post(source, id, canonical, title, html, timeRaw, author, null, comments, fetchedAtUtc, exchangeId));
        }

        var next = channel?.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == "next");
        return ParseResults.Content(posts, [], Resolve(pageUrl, (string?)next?.Attribute("href")));
    }

    private static ParsedPage ParseAtom(SourceOptions source, XElement feed, Uri pageUrl, DateTimeOffset fetchedAtUtc, long? exchangeId)
    {
        var entries = feed.Elements(Atom + "entry").ToList();
        var posts = new List<CollectedPost>(entries.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            var links = e.Elements(Atom + "link").ToList();
            var alternate = links.FirstOrDefault(l => (string?)l.Attribute("rel") is null or "alternate") ?? links.FirstOrDefault();
            var link = Resolve(pageUrl, (string?)alternate?.Attribute("href"));
            var canonical = UrlCanonicalizer.Canonicalize(link ?? pageUrl, source);
            var atomId = Value(e, Atom + "id");
            var id = atomId ?? (link is null ? null : canonical.AbsoluteUri);
            if (id is null)
            {
                return ParseResults.NotParseable($"entry {i}: has neither <id> nor <link>");
            }

            var title = Value(e, Atom + "title");
            var html = Value(e, Atom + "content") ?? Value(e, Atom + "summary");
            var timeRaw = Value(e, Atom + "published") ?? Value(e, Atom + "updated");
            var authorEl = e.Element(Atom + "author") ?? feed.Element(Atom + "author");
            var authorName = Value(authorEl, Atom + "name") ?? Value(e, Dc + "creator");
            var authorId = Value(authorEl, Atom + "uri") ?? Value(authorEl, Atom + "email");
            posts.Add(Post(source, id, canonical, title, html, timeRaw, authorName, authorId, null, fetchedAtUtc, exchangeId));
        }

        var next = feed.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == "next");
        return ParseResults.Content(posts, [], Resolve(pageUrl, (string?)next?.Attribute("href")));
    }

    private static CollectedPost Post(SourceOptions source, string id, Uri url, string? title, string? html, string? timeRaw,
        string? authorName, string? authorId, string? comments, DateTimeOffset fetchedAtUtc, long? exchangeId)
    {
        // Feed titles and bodies are HTML-escaped text or HTML; both reduce to the plain text a reader sees.
        var plainTitle = title is null ? null : HtmlText.FromHtml(title);
        var text = html is null ? "" : HtmlText.FromHtml(html);
        return new CollectedPost(
            source.Id, source.Platform ?? "rss", id, url, id, null,
            new AuthorInfo(authorId, authorName, null),
            string.IsNullOrEmpty(plainTitle) ? null : plainTitle,
            text.Length > 0 ? text : plainTitle ?? "",
            ChineseTime.Parse(timeRaw, fetchedAtUtc), timeRaw,
            new Engagement(null, CountText.Parse(comments), null, null), exchangeId);
    }

    private static string? Value(XElement? parent, XName name)
    {
        var v = parent?.Element(name)?.Value.Trim();
        return string.IsNullOrEmpty(v) ? null : v;
    }

    private static Uri? Resolve(Uri pageUrl, string? raw) =>
        !string.IsNullOrWhiteSpace(raw) && Uri.TryCreate(pageUrl, raw.Trim(), out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)
            ? u
            : null;
}
