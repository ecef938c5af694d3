using SentimentWatch.DrillSites.Runtime;

namespace SentimentWatch.DrillSites.Sites;

/// <summary>Renders one site kind's pages from the scenario state.</summary>
internal interface ISiteRenderer
{
    DrillSite Site { get; }

    /// <summary>The page for a request, or null for 404.</summary>
    SiteResponse? Render(RenderContext context);

    /// <summary>The site's captcha / security-check page.</summary>
    SiteResponse Captcha(RenderContext context);

    /// <summary>The site's login wall.</summary>
    SiteResponse LoginWall(RenderContext context);

    /// <summary>The default robots.txt.</summary>
    string Robots { get; }
}

/// <summary>Everything a renderer needs for one request.</summary>
internal sealed class RenderContext
{
    public RenderContext(SiteModel model, DrillSiteControl control, DrillPageSizes sizes, Uri baseUri, string path, IReadOnlyDictionary<string, string> query)
    {
        BaseUri = baseUri;
        Model = model;
        Control = control;
        Sizes = sizes;
        Path = path;
        Query = query;
        View = model.View();
        T = model.Clock.Elapsed;
        Now = model.Clock.Now;
    }

    /// <summary>The site's own base URI as the client addressed it (for absolute links in feeds).</summary>
    public Uri BaseUri { get; }

    public SiteModel Model { get; }

    public DrillSiteControl Control { get; }

    public DrillPageSizes Sizes { get; }

    /// <summary>Decoded path.</summary>
    public string Path { get; }

    public IReadOnlyDictionary<string, string> Query { get; }

    public SiteView View { get; }

    /// <summary>Scenario seconds now.</summary>
    public double T { get; }

    /// <summary>Clock time now.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The request's Cookie header (empty when none).</summary>
    public string Cookie { get; init; } = "";

    /// <summary>Set by list renderers: the 1-based page number, so the pipeline can fail it on request.</summary>
    public int? ListPage { get; set; }

    public DateTimeOffset TimeOf(PostNode node) => Model.Clock.RealTimeOf(node.Post.At);

    public DateTimeOffset TimeOf(double scenarioSeconds) => Model.Clock.RealTimeOf(scenarioSeconds);

    public string? Q(string key) => Query.TryGetValue(key, out var v) ? v : null;

    public int Int(string key, int fallback) =>
        Query.TryGetValue(key, out var v) && int.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : fallback;

    public long? Long(string key) =>
        Query.TryGetValue(key, out var v) && long.TryParse(v, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : null;

    /// <summary>Items of a visible list for a 1-based page, honouring <see cref="DrillSiteControl.EmptyLists"/>.</summary>
    public IReadOnlyList<T> PageOf<T>(IReadOnlyList<T> all, int page, int size)
    {
        ListPage = page;
        var skip = ((long)page - 1) * size;
        if (Control.EmptyLists || page < 1 || skip >= all.Count)
        {
            return [];
        }

        return all.Skip((int)skip).Take(size).ToList();
    }

    /// <summary>Root posts matching every whitespace-separated term of a keyword in title or text.</summary>
    public static bool Matches(PostNode node, string title, string text, string keyword)
    {
        var terms = keyword.Split([' ', '\u3000'], StringSplitOptions.RemoveEmptyEntries);
        return terms.Length > 0 && terms.All(t => title.Contains(t, StringComparison.OrdinalIgnoreCase) || text.Contains(t, StringComparison.OrdinalIgnoreCase));
    }
}
