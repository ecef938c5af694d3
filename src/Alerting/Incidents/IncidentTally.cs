using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Incidents;

/// <summary>
/// An incident's running totals, updated per added post in O(log n) (O(1) when posts come in time order): post times
/// kept sorted for the window counts, the first post, the latest time, platforms with their latest time, contacts,
/// labels and the engagement/follower maxima. <see cref="Metrics"/> gives the same numbers as
/// <see cref="IncidentAnalysis.Analyze"/> at the incident's latest post, without walking its posts.
/// </summary>
internal sealed class IncidentTally
{
    private readonly List<long> _ticks = [];
    private readonly Dictionary<string, DateTimeOffset> _platformLast = new(StringComparer.Ordinal);
    private readonly HashSet<string> _contacts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _labels = new(StringComparer.Ordinal);
    private long _maxEngagement = long.MinValue;
    private long _maxFollowers = long.MinValue;

    public int Count => _ticks.Count;

    /// <summary>The earliest post (by time, then post id): the first source.</summary>
    public IncidentPost? FirstSource { get; private set; }

    public DateTimeOffset LastAt { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>Labels of the incident's posts, each once.</summary>
    public IReadOnlyCollection<string> Labels => _labels;

    public void Add(IncidentPost post)
    {
        ArgumentNullException.ThrowIfNull(post);
        var t = post.At.UtcTicks;
        if (_ticks.Count == 0 || t >= _ticks[^1])
        {
            _ticks.Add(t);
        }
        else
        {
            var i = _ticks.BinarySearch(t);
            _ticks.Insert(i < 0 ? ~i : i, t);
        }

        if (FirstSource is null || post.At < FirstSource.At || (post.At == FirstSource.At && post.PostId < FirstSource.PostId))
        {
            FirstSource = post;
        }

        if (post.At > LastAt)
        {
            LastAt = post.At;
        }

        if (!_platformLast.TryGetValue(post.Platform, out var seen) || post.At > seen)
        {
            _platformLast[post.Platform] = post.At;
        }

        _contacts.UnionWith(post.Contacts);
        _labels.Add(post.Label);
        _maxEngagement = Math.Max(_maxEngagement, post.Engagement);
        _maxFollowers = Math.Max(_maxFollowers, post.Followers ?? 0);
    }

    /// <summary>The grading metrics (<see cref="IncidentAnalysisResult.Metrics"/>) at the incident's latest post.</summary>
    public Dictionary<string, double> Metrics()
    {
        if (_ticks.Count == 0)
        {
            throw new InvalidOperationException("An incident has at least one post.");
        }

        var now = LastAt;
        // Every post is at or before now, so "in (now − span, now]" is "after now − span".
        double After(TimeSpan span) => _ticks.Count - UpperBound((now - span).UtcTicks);
        var last24 = After(TimeSpan.FromHours(24));
        var prev24 = After(TimeSpan.FromHours(48)) - last24;
        var since2h = now - TimeSpan.FromHours(2);
        return IncidentAnalysis.Metrics(
            _maxEngagement,
            After(TimeSpan.FromHours(1)),
            After(TimeSpan.FromHours(6)),
            last24,
            prev24,
            _platformLast.Count,
            _platformLast.Values.Count(at => at > since2h),
            _maxFollowers,
            _contacts.Count);
    }

    /// <summary>Index of the first time after <paramref name="ticks"/>.</summary>
    private int UpperBound(long ticks)
    {
        int lo = 0, hi = _ticks.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (_ticks[mid] <= ticks)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }
}
