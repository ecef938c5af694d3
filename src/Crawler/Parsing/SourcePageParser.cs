using Microsoft.Extensions.Options;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// The <see cref="IPageParser"/> the crawler uses: picks the parser for the source's kind and turns anything a hostile
/// page provokes into a <see cref="PageVerdict.NotParseable"/> verdict that names the page, never an exception.
/// </summary>
internal sealed class SourcePageParser(IOptions<ParsingOptions> options) : IPageParser
{
    private readonly HtmlPageParser _html = new(options.Value);
    private readonly JsonPageParser _json = new(options.Value);
    private readonly FeedPageParser _feed = new();

    /// <summary>A parser with the default limits (tests, tools).</summary>
    public SourcePageParser()
        : this(Options.Create(new ParsingOptions()))
    {
    }

    public ParsedPage Parse(SourceOptions source, PageRole role, Uri pageUrl, string text, DateTimeOffset fetchedAtUtc, long? exchangeId)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(pageUrl);
        if (string.IsNullOrWhiteSpace(text))
        {
            return ParseResults.NotParseable($"{pageUrl}: body is empty");
        }

        IPageParser parser = source.Kind switch
        {
            SourceKind.Html => _html,
            SourceKind.Json => _json,
            SourceKind.Feed => _feed,
            _ => throw new InvalidOperationException($"source '{source.Id}' has no Kind; start-up validation should have refused it"),
        };

        try
        {
            // An HTML source's detail pages include its comments API (commentsUrl): those answers are JSON or JSONP.
            if (source.Kind == SourceKind.Html && role == PageRole.Detail && source.Selectors.ContainsKey("comments.items")
                && (LooksLikeJson(text) || !ReferenceEquals(JsonPageParser.StripJsonp(text), text)))
            {
                return _json.Parse(source, role, "comments.", pageUrl, text, fetchedAtUtc, exchangeId);
            }

            return parser.Parse(source, role, pageUrl, text, fetchedAtUtc, exchangeId);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Selectors and paths were validated at start-up, so what reaches here is the page's doing.
            return ParseResults.NotParseable($"{pageUrl}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static bool LooksLikeJson(string text)
    {
        var t = text.AsSpan().TrimStart("\ufeff \t\r\n");
        return t.Length > 0 && t[0] is '{' or '[';
    }
}
