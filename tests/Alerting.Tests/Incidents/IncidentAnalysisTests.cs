using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Tests.Support;

namespace SentimentWatch.Alerting.Tests.Incidents;

public sealed class IncidentAnalysisTests
{
    [Fact]
    public void Analyze_Posts_FirstSourceIsEarliestRegardlessOfOrder()
    {
        var late = Posts.Make("b", minutes: 30);
        var early = Posts.Make("a", platform: "tieba", minutes: 1);
        var r = IncidentAnalysis.Analyze([late, early], Posts.T0.AddMinutes(31), Some.Options().Incidents);
        Assert.Equal(early.PostId, r.FirstSource.PostId);
        Assert.Equal(["tieba", "weibo"], r.Platforms);
    }

    [Fact]
    public void Analyze_Posts_SpreadPathListsEachAccountOnceInOrder()
    {
        var a1 = Posts.Make("x", author: "甲", minutes: 0);
        var b1 = Posts.Make("x", author: "乙", minutes: 5, engagement: 300);
        var a2 = Posts.Make("x", author: "甲", minutes: 9);
        var r = IncidentAnalysis.Analyze([a1, b1, a2], Posts.T0.AddMinutes(10), Some.Options().Incidents);
        Assert.Equal(["甲", "乙"], r.SpreadPath.Select(s => s.Author));
        Assert.Equal(300, r.SpreadPath[1].Engagement);
    }

    [Fact]
    public void Analyze_Posts_MetricsCountWindowsPlatformsAndEngagement()
    {
        var posts = new[]
        {
            Posts.Make("x", minutes: -300, engagement: 10, followers: 500),
            Posts.Make("x", platform: "tieba", minutes: -30, engagement: 2_000, followers: 200_000, contacts: ["qq:1"]),
            Posts.Make("x", platform: "douyin", minutes: -10, engagement: 5, contacts: ["qq:1", "mobile:13800000000"]),
        };
        var m = IncidentAnalysis.Analyze(posts, Posts.T0, Some.Options().Incidents).Metrics;
        Assert.Equal(2_000, m["max_engagement"]);
        Assert.Equal(2, m["posts_1h"]);
        Assert.Equal(3, m["posts_6h"]);
        Assert.Equal(3, m["platforms"]);
        Assert.Equal(2, m["platforms_2h"]);
        Assert.Equal(200_000, m["max_followers"]);
        Assert.Equal(2, m["contacts"]);
    }

    [Fact]
    public void Analyze_QuietThenStorm_BurstAndRising()
    {
        var posts = new List<SentimentWatch.Core.Alerting.IncidentPost>();
        for (var bin = 0; bin < 14; bin++)
        {
            posts.Add(Posts.Make("x", minutes: bin * 5));
        }

        for (var i = 0; i < 60; i++)
        {
            posts.Add(Posts.Make("x", minutes: (14 * 5) + (i % 5)));
        }

        var r = IncidentAnalysis.Analyze(posts, Posts.T0.AddMinutes(74), Some.Options().Incidents);
        Assert.True(r.Burst);
        Assert.Equal(Trend.Rising, r.Trend);
        Assert.True(r.Series[^1].Burst);
        Assert.Equal(60, r.Series[^1].Posts);
    }

    [Fact]
    public void KeyOf_SameFirstPost_Stable()
    {
        var p = Posts.Make("x", postId: 42);
        Assert.Equal(IncidentAnalysis.KeyOf(p), IncidentAnalysis.KeyOf(p with { Text = "changed" }));
        Assert.StartsWith("inc-", IncidentAnalysis.KeyOf(p), StringComparison.Ordinal);
    }
}
