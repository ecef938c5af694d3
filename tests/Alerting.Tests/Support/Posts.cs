using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Support;

/// <summary>Builds <see cref="IncidentPost"/>s for clustering tests.</summary>
internal static class Posts
{
    private static long _next = 1000;

    public static readonly DateTimeOffset T0 = new(2024, 9, 14, 2, 0, 0, TimeSpan.Zero);

    public static IncidentPost Make(
        string text,
        string platform = "weibo",
        int minutes = 0,
        string label = "answer_selling",
        string? author = null,
        long engagement = 0,
        long? followers = null,
        string[]? contacts = null,
        string? id = null,
        string? thread = null,
        string? parent = null,
        long? postId = null)
    {
        var pid = postId ?? Interlocked.Increment(ref _next);
        var platformId = id ?? "p" + pid;
        return new IncidentPost(
            pid, "src-" + platform, platform, platformId, thread ?? platformId, parent,
            new Uri($"http://127.0.0.1/{platform}/{platformId}"), author ?? "user" + pid, author ?? "user" + pid, followers,
            text, T0.AddMinutes(minutes), label, engagement, contacts ?? [], "first", null);
    }
}
