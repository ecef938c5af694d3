using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SentimentWatch.DrillSites.Pipeline;
using SentimentWatch.DrillSites.Runtime;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.DrillSites.Sites;

namespace SentimentWatch.DrillSites;

/// <summary>
/// The drill sites: five realistic Chinese site kinds served from a scenario on 127.0.0.1, each on its own port
/// (so robots.txt and per-host politeness are per site). Start with <see cref="StartAsync"/>, read each site's
/// <see cref="BaseUri"/>, flip behaviours through <see cref="Control"/>, and assert on <see cref="RequestCount"/>.
/// </summary>
public sealed class DrillServer : IAsyncDisposable
{
    private readonly List<WebApplication> _apps;
    private readonly Dictionary<DrillSite, SiteHost> _hosts;
    private readonly Dictionary<DrillSite, Uri> _uris;
    private readonly Dictionary<DrillSite, SiteModel> _models;
    private readonly DrillRequestLog _log;
    private readonly CancellationTokenSource _stopping;
    private readonly ILogger _logger;
    private int _disposed;

    private DrillServer(List<WebApplication> apps, Dictionary<DrillSite, SiteHost> hosts, Dictionary<DrillSite, Uri> uris, Dictionary<DrillSite, SiteModel> models,
        DrillRequestLog log, CancellationTokenSource stopping, DrillScenario scenario, ScenarioClock clock, ILogger logger)
    {
        _logger = logger;
        _apps = apps;
        _hosts = hosts;
        _uris = uris;
        _models = models;
        _log = log;
        _stopping = stopping;
        Scenario = scenario;
        Clock = clock;
    }

    /// <summary>The scenario being served.</summary>
    public DrillScenario Scenario { get; }

    internal ScenarioClock Clock { get; }

    /// <summary>Clock time of scenario second 0.</summary>
    public DateTimeOffset Start => Clock.Start;

    /// <summary>Scenario seconds elapsed now.</summary>
    public double Elapsed => Clock.Elapsed;

    /// <summary>Base URI of every site (<c>http://127.0.0.1:PORT/</c>).</summary>
    public IReadOnlyDictionary<DrillSite, Uri> Sites => _uris;

    /// <summary>Starts all five sites on 127.0.0.1 and returns once they accept connections.</summary>
    /// <exception cref="ArgumentException">Options out of range (speed not positive, port out of range).</exception>
    public static async Task<DrillServer> StartAsync(DrillOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!(options.Speed > 0) || double.IsInfinity(options.Speed))
        {
            throw new ArgumentException($"Speed '{options.Speed}' must be a positive number", nameof(options));
        }

        if (options.BasePort is < 0 or > 65535 - 4)
        {
            throw new ArgumentException($"BasePort '{options.BasePort}' must be 0 (ephemeral) or 1..65531", nameof(options));
        }

        var scenario = options.Scenario ?? DrillScenario.Demo();
        var clock = new ScenarioClock(options.TimeProvider, options.Start ?? options.TimeProvider.GetUtcNow(), options.Speed);
        var log = new DrillRequestLog(Math.Max(0, options.RequestHistory));
        var logger = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("SentimentWatch.DrillSites");
        var stopping = new CancellationTokenSource();
        var apps = new List<WebApplication>();
        var hosts = new Dictionary<DrillSite, SiteHost>();
        var uris = new Dictionary<DrillSite, Uri>();
        var models = new Dictionary<DrillSite, SiteModel>();
        try
        {
            foreach (var site in Enum.GetValues<DrillSite>())
            {
                var model = new SiteModel(site, scenario, clock);
                var host = new SiteHost(RendererFor(site), model, new DrillSiteControl(site), options.PageSizes, log, logger, stopping.Token);
                var port = options.BasePort == 0 ? 0 : options.BasePort + (int)site;
                var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
                builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
                {
                    k.AddServerHeader = false;
                    k.Listen(IPAddress.Loopback, port);
                });
                var app = builder.Build();
                app.Run(host.HandleAsync);
                apps.Add(app);
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
                uris[site] = new Uri(address.TrimEnd('/') + "/");
                DrillLog.SiteStarted(logger, site, uris[site]);
                hosts[site] = host;
                models[site] = model;
            }
        }
        catch
        {
            await stopping.CancelAsync().ConfigureAwait(false);
            foreach (var app in apps)
            {
                await app.DisposeAsync().ConfigureAwait(false);
            }

            stopping.Dispose();
            throw;
        }

        return new DrillServer(apps, hosts, uris, models, log, stopping, scenario, clock, logger);
    }

    /// <summary>Base URI of a site.</summary>
    public Uri BaseUri(DrillSite site) => _uris[site];

    /// <summary>The behaviour switches of a site.</summary>
    public DrillSiteControl Control(DrillSite site) => _hosts[site].Control;

    /// <summary>Absolute URI of a fault endpoint on a site.</summary>
    public Uri FaultUri(DrillSite site, DrillFault fault) => new(_uris[site], Faults.PathOf(fault));

    /// <summary>
    /// Requests a site answered for a path (<c>/f</c>: every query) or an exact path-and-query as sent
    /// (<c>/f?kw=%E6%B3%95%E8%80%83&amp;pn=0</c>), including robots.txt and requests answered 304/429.
    /// </summary>
    public int RequestCount(DrillSite site, string pathOrPathAndQuery) => _log.Count(site, pathOrPathAndQuery);

    /// <summary>All requests a site answered since start or the last <see cref="ResetRequests"/>.</summary>
    public int TotalRequests(DrillSite site) => _log.Total(site);

    /// <summary>Recent requests to a site, oldest first (bounded by <see cref="DrillOptions.RequestHistory"/>).</summary>
    public IReadOnlyList<DrillRequest> Requests(DrillSite site) => _log.History(site);

    /// <summary>Requests that reached a site, answered or not (a hanging request counts here before it shows in <see cref="Requests"/>).</summary>
    public int ArrivedRequests(DrillSite site) => _log.Arrived(site);

    /// <summary>Forgets all counted requests.</summary>
    public void ResetRequests() => _log.Clear();

    /// <summary>The platform id a scenario post has on its site (tid, pid, mid, comment id, article id, item id).</summary>
    /// <exception cref="KeyNotFoundException">No post has this id.</exception>
    public long PlatformIdOf(string scenarioPostId) => Node(scenarioPostId).PlatformId;

    /// <summary>
    /// The canonical URL of a scenario post's page: the thread (Tieba/Discuz, with the floor anchor for replies),
    /// the status API (Weibo), the article (News; comments point at their article) or the item page (Feeds).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No post has this id.</exception>
    public Uri UrlOf(string scenarioPostId)
    {
        var node = Node(scenarioPostId);
        var site = node.Post.Site;
        var root = node.Root;
        var rel = site switch
        {
            DrillSite.Tieba => node.IsRoot ? $"p/{root.PlatformId}" : $"p/{root.PlatformId}?pid={node.PlatformId}#{node.PlatformId}",
            DrillSite.Discuz => node.IsRoot ? $"forum.php?mod=viewthread&tid={root.PlatformId}" : $"forum.php?mod=redirect&goto=findpost&ptid={root.PlatformId}&pid={node.PlatformId}",
            DrillSite.Weibo => node.IsRoot ? $"status/{Ids.Bid(node.PlatformId)}" : $"status/{Ids.Bid(root.PlatformId)}#comment-{node.PlatformId}",
            DrillSite.News => NewsSite.ArticlePath(root, Clock).TrimStart('/') + (node.IsRoot ? "" : $"#comment-{node.PlatformId}"),
            _ => $"item/{node.PlatformId}.html",
        };
        return new Uri(_uris[site], rel);
    }

    private PostNode Node(string id)
    {
        var post = Scenario.Find(id) ?? throw new KeyNotFoundException($"No scenario post has id '{id}'");
        return _models[post.Site].ByScenarioId(id)!;
    }

    private static ISiteRenderer RendererFor(DrillSite site) => site switch
    {
        DrillSite.Tieba => new TiebaSite(),
        DrillSite.Discuz => new DiscuzSite(),
        DrillSite.Weibo => new WeiboSite(),
        DrillSite.News => new NewsSite(),
        _ => new FeedSite(),
    };

    /// <summary>Stops every site; hanging fault requests are released first.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        foreach (var app in _apps)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await app.StopAsync(timeout.Token).ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
        }

        _stopping.Dispose();
        DrillLog.Stopped(_logger);
    }
}
