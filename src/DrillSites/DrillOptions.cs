using SentimentWatch.DrillSites.Scenario;

namespace SentimentWatch.DrillSites;

/// <summary>How to start a <see cref="DrillServer"/>.</summary>
public sealed class DrillOptions
{
    /// <summary>Posts to serve. Defaults to the shipped demo scenario.</summary>
    public DrillScenario? Scenario { get; init; }

    /// <summary>The server's clock (tests pass a FakeTimeProvider and advance it). Default: the system clock.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Scenario seconds per clock second (e.g. 10 plays a 10-minute scenario in one minute). Must be &gt; 0.</summary>
    public double Speed { get; init; } = 1;

    /// <summary>Clock time of scenario second 0. Default: the clock's time when the server starts.</summary>
    public DateTimeOffset? Start { get; init; }

    /// <summary>First port: sites listen on BasePort + 0..4 in <see cref="DrillSite"/> order. 0 (default): ephemeral ports.</summary>
    public int BasePort { get; init; }

    /// <summary>Items per page of each list; tests shrink them to exercise pagination with few posts.</summary>
    public DrillPageSizes PageSizes { get; init; } = new();

    /// <summary>Where to log site start-up (Information) and every answered request (Debug). Default: no logging.</summary>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>Longest a request is counted in <see cref="DrillServer.Requests"/> history (the per-path counters are unbounded).</summary>
    public int RequestHistory { get; init; } = 10_000;
}

/// <summary>Page sizes per list (defaults are the real sites').</summary>
public sealed record DrillPageSizes
{
    /// <summary>Tieba threads per forum page (<c>pn</c> advances by this).</summary>
    public int TiebaThreads { get; init; } = 50;

    /// <summary>Threads per answer of the browser-only board's JSON endpoint (<c>/app/api/threads</c>): one "加载更多" click each.</summary>
    public int AppThreads { get; init; } = 4;

    /// <summary>Tieba floors per thread page.</summary>
    public int TiebaFloors { get; init; } = 30;

    /// <summary>Discuz threads per forumdisplay page.</summary>
    public int DiscuzThreads { get; init; } = 20;

    /// <summary>Discuz posts per viewthread page.</summary>
    public int DiscuzPosts { get; init; } = 10;

    /// <summary>Weibo cards per container page.</summary>
    public int WeiboCards { get; init; } = 10;

    /// <summary>Weibo comments per hotflow page.</summary>
    public int WeiboComments { get; init; } = 20;

    /// <summary>News articles per column / search page.</summary>
    public int NewsArticles { get; init; } = 20;

    /// <summary>News comments per comments page.</summary>
    public int NewsComments { get; init; } = 20;

    /// <summary>Items per feed.</summary>
    public int FeedItems { get; init; } = 50;

    /// <summary>Results per search page on the HTML sites.</summary>
    public int SearchResults { get; init; } = 10;
}
