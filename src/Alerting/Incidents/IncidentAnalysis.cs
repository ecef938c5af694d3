using System.Security.Cryptography;
using System.Text;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Incidents;

/// <summary>One step of the spread path: an account that carried the story, first time it did.</summary>
public sealed record SpreadStep(DateTimeOffset At, string Platform, string Author, long PostId, Uri Url, long Engagement, string Via);

/// <summary>One time-series bin.</summary>
public sealed record SeriesBin(DateTimeOffset StartUtc, int Posts, long Engagement, bool Burst);

/// <summary>What an incident looks like now: the numbers grading reads, first source, spread path, series and trend.</summary>
public sealed record IncidentAnalysisResult(
    IReadOnlyDictionary<string, double> Metrics,
    IncidentPost FirstSource,
    IReadOnlyList<SpreadStep> SpreadPath,
    IReadOnlyList<SeriesBin> Series,
    Trend Trend,
    bool Burst,
    IReadOnlyList<string> Platforms,
    IReadOnlyList<string> Labels);

/// <summary>Computes an incident's metrics, first source, spread path and burst/trend from its posts.</summary>
internal static class IncidentAnalysis
{
    /// <summary>
    /// The grading metrics from an incident's counts at its latest time: the one place their names and the growth rule
    /// live (<see cref="Analyze"/> counts by walking the posts, <see cref="IncidentTally"/> from running totals).
    /// </summary>
    internal static Dictionary<string, double> Metrics(
        double maxEngagement, double posts1h, double posts6h, double last24, double prev24, double platforms, double platforms2h, double maxFollowers, double contacts) =>
        new(StringComparer.Ordinal)
        {
            ["max_engagement"] = maxEngagement,
            ["posts_1h"] = posts1h,
            ["posts_6h"] = posts6h,
            ["posts_24h"] = last24,
            ["platforms"] = platforms,
            ["platforms_2h"] = platforms2h,
            ["max_followers"] = maxFollowers,
            // Growth over the previous 24 h; a story with no history counts its whole volume as growth.
            ["growth_24h"] = prev24 == 0 ? (last24 > 1 ? last24 - 1 : 0) : (last24 - prev24) / prev24,
            ["contacts"] = contacts,
        };

    public static IncidentAnalysisResult Analyze(IReadOnlyList<IncidentPost> posts, DateTimeOffset now, IncidentOptions options)
    {
        if (posts.Count == 0)
        {
            throw new ArgumentException("An incident has at least one post.", nameof(posts));
        }

        var ordered = posts.OrderBy(p => p.At).ThenBy(p => p.PostId).ToList();
        var first = ordered[0];
        double Count(TimeSpan span) => ordered.Count(p => p.At > now - span && p.At <= now);
        var last24 = Count(TimeSpan.FromHours(24));
        var prev24 = ordered.Count(p => p.At > now - TimeSpan.FromHours(48) && p.At <= now - TimeSpan.FromHours(24));
        var metrics = Metrics(
            ordered.Max(p => p.Engagement),
            Count(TimeSpan.FromHours(1)),
            Count(TimeSpan.FromHours(6)),
            last24,
            prev24,
            ordered.Select(p => p.Platform).Distinct(StringComparer.Ordinal).Count(),
            ordered.Where(p => p.At > now - TimeSpan.FromHours(2) && p.At <= now).Select(p => p.Platform).Distinct(StringComparer.Ordinal).Count(),
            ordered.Max(p => p.Followers ?? 0),
            ordered.SelectMany(p => p.Contacts).Distinct(StringComparer.Ordinal).Count());

        var path = new List<SpreadStep>();
        var seenAuthors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in ordered)
        {
            var author = p.AuthorName ?? p.AuthorId ?? "(匿名)";
            if (seenAuthors.Add(p.Platform + "|" + author))
            {
                path.Add(new SpreadStep(p.At, p.Platform, author, p.PostId, p.Url, p.Engagement, p.JoinReason));
            }
        }

        var bin = options.BinWidth;
        var start = Floor(first.At, bin);
        var end = Floor(now > ordered[^1].At ? now : ordered[^1].At, bin);
        var binCount = (int)Math.Min(((end - start).Ticks / bin.Ticks) + 1, 10_000);
        var counts = new int[binCount];
        var engagement = new long[binCount];
        var offset = Math.Max(0, (int)(((end - start).Ticks / bin.Ticks) + 1) - binCount);
        foreach (var p in ordered)
        {
            var i = (int)((Floor(p.At, bin) - start).Ticks / bin.Ticks) - offset;
            if (i >= 0 && i < binCount)
            {
                counts[i]++;
                engagement[i] += p.Engagement;
            }
        }

        var y = counts.Select(c => (double)c).ToList();
        var signals = BurstDetector.Signals(y, options.BurstLag, options.BurstThreshold, options.BurstInfluence, options.BurstMinCount);
        var series = Enumerable.Range(0, binCount)
            .Select(i => new SeriesBin(start + (bin * (i + offset)), counts[i], engagement[i], signals[i] == 1))
            .ToList();

        // A story that starts as a storm has no history for the z-score: count it as a burst when its first bins
        // alone exceed the minimum.
        var burstNow = signals.Length > 0 && (signals[^1] == 1 || (signals.Length >= 2 && signals[^2] == 1)
            || (binCount <= options.BurstLag && counts.Max() >= options.BurstMinCount));
        return new IncidentAnalysisResult(
            metrics,
            first,
            path,
            series,
            BurstDetector.TrendOf(y, Math.Max(1, options.BurstLag / 4)),
            burstNow,
            ordered.Select(p => p.Platform).Distinct(StringComparer.Ordinal).ToList(),
            ordered.Select(p => p.Label).Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The stable cluster id: SHA-256 of the first post's source and URL, shortened.</summary>
    public static string KeyOf(IncidentPost first) =>
        "inc-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(first.SourceId + "\n" + first.Url.AbsoluteUri)))[..16];

    /// <summary>A one-line title from the first post.</summary>
    public static string TitleOf(IncidentPost first)
    {
        var text = string.Join(' ', first.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= 40 ? text : text[..40] + "…";
    }

    private static DateTimeOffset Floor(DateTimeOffset t, TimeSpan bin) => new(t.UtcTicks - (t.UtcTicks % bin.Ticks), TimeSpan.Zero);
}
