namespace SentimentWatch.DrillSites.Scenario;

/// <summary>
/// One post of a drill scenario: a thread, a reply (floor, 楼中楼, comment) or a feed item. Times are seconds of
/// scenario time after the scenario starts; see <c>src/DrillSites/README.md</c> for the JSONL format.
/// </summary>
public sealed record ScenarioPost
{
    /// <summary>Scenario-unique id (any string); platform ids are derived from it, see <see cref="DrillServer.PlatformIdOf"/>.</summary>
    public required string Id { get; init; }

    /// <summary>Which site shows the post.</summary>
    public required DrillSite Site { get; init; }

    /// <summary>Board: Tieba <c>kw</c>, Discuz forum name, news column. Defaults per site (法考, 法考交流, 法治).</summary>
    public string? Board { get; init; }

    /// <summary>Id of the post this one replies to, or null for a thread / microblog / article / feed item.</summary>
    public string? Parent { get; init; }

    /// <summary>Who wrote it.</summary>
    public required ScenarioAuthor Author { get; init; }

    /// <summary>Title (threads, articles, feed items; unused on microblogs and replies).</summary>
    public string? Title { get; init; }

    /// <summary>Plain text; newlines become line breaks in the markup.</summary>
    public required string Text { get; init; }

    /// <summary>Seconds after scenario start when the post appears.</summary>
    public double At { get; init; }

    /// <summary>Seconds after scenario start when the post is deleted (null: never).</summary>
    public double? DeletedAt { get; init; }

    /// <summary>Edits in time order: from each edit's time on, the post shows the edited text/title.</summary>
    public IReadOnlyList<ScenarioEdit> Edits { get; init; } = [];

    /// <summary>Engagement curve: start counts plus growth per scenario minute.</summary>
    public ScenarioEngagement Engagement { get; init; } = ScenarioEngagement.None;

    /// <summary>Free text shown as the post's origin (news source, Weibo client).</summary>
    public string? Source { get; init; }

    /// <summary>
    /// Images shown in the post, by name (<c>card.png</c>, <c>qrpost.png</c>, … of <c>src/DrillSites/Images</c>, or
    /// <c>huge.png</c>, generated): served by every site under <c>/_drill/img/NAME</c> and placed where the platform puts them.
    /// </summary>
    public IReadOnlyList<string> Images { get; init; } = [];

    /// <summary>Ground-truth label for tests and demos (e.g. <c>answer_selling</c>); never rendered.</summary>
    public string? Label { get; init; }
}

/// <summary>A post's author.</summary>
/// <param name="Id">Account id; used verbatim when all digits, otherwise mapped to a stable numeric id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Followers">Follower count where the site shows one (Weibo).</param>
public sealed record ScenarioAuthor(string Id, string Name, long Followers = 0);

/// <summary>An edit of a post's text (and optionally title) at a scenario time.</summary>
public sealed record ScenarioEdit(double At, string Text, string? Title = null);

/// <summary>Counts at appearance plus linear growth per scenario minute (floored to whole numbers when shown).</summary>
public sealed record ScenarioEngagement(long Reposts, long Likes, long Views, double RepostsPerMinute, double LikesPerMinute, double ViewsPerMinute)
{
    /// <summary>No engagement at all.</summary>
    public static readonly ScenarioEngagement None = new(0, 0, 0, 0, 0, 0);

    /// <summary>Counts <paramref name="minutesVisible"/> scenario minutes after the post appeared.</summary>
    public (long Reposts, long Likes, long Views) At(double minutesVisible)
    {
        var m = Math.Max(0, minutesVisible);
        return (Reposts + (long)Math.Floor(RepostsPerMinute * m), Likes + (long)Math.Floor(LikesPerMinute * m), Views + (long)Math.Floor(ViewsPerMinute * m));
    }
}
