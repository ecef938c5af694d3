using System.Collections.Concurrent;
using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// CSS selectors compiled once per distinct text and shared by every parse on every thread. AngleSharp's
/// <c>QuerySelector(string)</c> looks up the document's selector parser and compiles the text on every call; the
/// crawler asks the same few dozen selectors of every item on every page. Queries here match exactly as
/// <c>QuerySelector</c>, <c>QuerySelectorAll</c> and <c>Closest</c> do, including the error for text that is not a
/// selector (a <see cref="DomException"/> with <see cref="DomError.Syntax"/>). Thread-safe; bounded by
/// <paramref name="capacity"/> distinct texts (past it the cache starts over).
/// </summary>
internal sealed class SelectorCache(int capacity)
{
    private readonly int _capacity = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, "must be positive");
    private readonly ConcurrentDictionary<string, ISelector?> _cache = new(StringComparer.Ordinal);
    private readonly Lock _compileLock = new();

    // The parser a parsed document's own QuerySelector would use, so compiled selectors behave the same.
    private static readonly Lazy<ICssSelectorParser> Parser = new(() =>
        new HtmlParser().ParseDocument("").Context.GetService<ICssSelectorParser>()
            ?? throw new InvalidOperationException("AngleSharp's default configuration has no CSS selector parser"));

    /// <summary>
    /// The cache the parsers share. Selectors come from configuration, so there are a few dozen; the bound only keeps
    /// an odd caller from growing it without limit.
    /// </summary>
    public static SelectorCache Shared { get; } = new(1024);

    /// <summary>How many selector texts are cached.</summary>
    public int Count => _cache.Count;

    /// <summary>The compiled selector for <paramref name="css"/>; the same instance for the same text.</summary>
    /// <exception cref="DomException">The text is not a valid selector (<see cref="DomError.Syntax"/>), as from QuerySelector.</exception>
    public ISelector Get(string css)
    {
        ArgumentNullException.ThrowIfNull(css);
        if (!_cache.TryGetValue(css, out var selector))
        {
            selector = Compile(css);
        }

        return selector ?? throw new DomException(DomError.Syntax);
    }

    private ISelector? Compile(string css)
    {
        // Compiling is rare (once per text) and the parser's thread-safety is not documented: one at a time.
        lock (_compileLock)
        {
            if (_cache.TryGetValue(css, out var cached))
            {
                return cached;
            }

            if (_cache.Count >= _capacity)
            {
                _cache.Clear();
            }

            // Invalid text is remembered too (as null), so a bad selector costs one parse, not one per call.
            var selector = Parser.Value.ParseSelector(css);
            _cache[css] = selector;
            return selector;
        }
    }

    /// <summary>The first element under <paramref name="scope"/> that matches, as <c>scope.QuerySelector(css)</c>.</summary>
    public IElement? First(IParentNode scope, string css)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return Get(css).MatchAny(scope.Children, ScopeOf(scope));
    }

    /// <summary>Every element under <paramref name="scope"/> that matches, in document order, as <c>scope.QuerySelectorAll(css)</c>.</summary>
    public IHtmlCollection<IElement> All(IParentNode scope, string css)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return Get(css).MatchAll(scope.Children, ScopeOf(scope));
    }

    /// <summary>The nearest of <paramref name="element"/> and its ancestors that matches, as <c>element.Closest(css)</c>.</summary>
    public IElement? Closest(IElement element, string css)
    {
        ArgumentNullException.ThrowIfNull(element);
        var selector = Get(css);
        for (var e = element; e is not null; e = e.ParentElement)
        {
            if (selector.Match(e))
            {
                return e;
            }
        }

        return null;
    }

    /// <summary>What <c>:scope</c> means for a query on <paramref name="node"/>: the element itself, or a document's root element.</summary>
    private static IElement? ScopeOf(IParentNode node) => node switch
    {
        IElement e => e,
        IDocument d => d.DocumentElement,
        IShadowRoot s => s.Host,
        _ => null,
    };
}
