namespace SentimentWatch.DrillSites;

/// <summary>The five site kinds the drill server plays; each runs on its own loopback port.</summary>
public enum DrillSite
{
    /// <summary>Baidu-Tieba-like board (UTF-8 HTML): forum lists, threads with floors and 楼中楼, search.</summary>
    Tieba,

    /// <summary>Discuz! X forum, GBK-encoded HTML: forumdisplay, viewthread, search.</summary>
    Discuz,

    /// <summary>Weibo-mobile-style JSON API: container timelines, search, comments, status detail.</summary>
    Weibo,

    /// <summary>News site: column list, article pages, comments as JSON, search.</summary>
    News,

    /// <summary>RSS 2.0 and Atom feeds with item pages.</summary>
    Feeds,
}
