using SentimentWatch.DrillSites.Scenario;

namespace SentimentWatch.DrillSites.Runtime;

/// <summary>A scenario post placed on its site: platform ids, tree links and time-dependent state.</summary>
internal sealed class PostNode
{
    public PostNode(ScenarioPost post, int order, long platformId)
    {
        Post = post;
        Order = order;
        PlatformId = platformId;
        Root = this;
    }

    public ScenarioPost Post { get; }

    /// <summary>Position among the site's posts in file order.</summary>
    public int Order { get; }

    /// <summary>Thread id / mid / article id for roots; post id / comment id for replies.</summary>
    public long PlatformId { get; }

    public PostNode Root { get; set; }

    public PostNode? Parent { get; set; }

    /// <summary>Direct replies in appearance order.</summary>
    public List<PostNode> Children { get; } = [];

    /// <summary>Floor number among the root's direct replies (root is 1); fixed, so deleted floors leave gaps as on real boards.</summary>
    public int Floor { get; set; } = 1;

    /// <summary>Tieba thread-local id of the root's first floor (the thread's own post id).</summary>
    public long FirstPostId { get; set; }

    public bool IsRoot => Parent is null;

    public bool Appeared(double t) => Post.At <= t;

    public bool Deleted(double t) => Post.DeletedAt is { } d && d <= t;

    /// <summary>Shown at <paramref name="t"/>: appeared, not deleted, and every ancestor likewise.</summary>
    public bool Visible(double t)
    {
        for (var n = this; n is not null; n = n.Parent)
        {
            if (!n.Appeared(t) || n.Deleted(t))
            {
                return false;
            }
        }

        return true;
    }

    public string TextAt(double t)
    {
        var text = Post.Text;
        foreach (var e in Post.Edits)
        {
            if (e.At <= t)
            {
                text = e.Text;
            }
        }

        return text;
    }

    public string TitleAt(double t)
    {
        var title = Post.Title ?? "";
        foreach (var e in Post.Edits)
        {
            if (e.At <= t && e.Title is not null)
            {
                title = e.Title;
            }
        }

        return title;
    }

    /// <summary>Scenario second of the last edit shown at <paramref name="t"/>, or null.</summary>
    public double? EditedAt(double t)
    {
        double? at = null;
        foreach (var e in Post.Edits)
        {
            if (e.At <= t)
            {
                at = e.At;
            }
        }

        return at;
    }

    public int EditCount(double t) => Post.Edits.Count(e => e.At <= t);

    /// <summary>Engagement at scenario second <paramref name="t"/>.</summary>
    public (long Reposts, long Likes, long Views) EngagementAt(double t) => Post.Engagement.At((t - Post.At) / 60);
}
