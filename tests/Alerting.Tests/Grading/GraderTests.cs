using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Alerting.Grading;

namespace SentimentWatch.Alerting.Tests.Grading;

public sealed class GraderTests
{
    private static GradingInput Input(string label, DateTimeOffset at, Dictionary<string, double>? metrics = null, string? text = null) =>
        new([label], metrics ?? [], text, at);

    [Fact]
    public void Grade_LeakDuringExam_IsLevelIWithContentFloorReason()
    {
        var r = Some.Grader().Grade(Input("leak", Some.Beijing(2024, 9, 14, 10)));
        Assert.Equal(IncidentLevel.I, r.Level);
        Assert.Contains(r.Reasons, x => x.Rule == "content_floor:leak@考试实施" && x.Level == IncidentLevel.I);
    }

    [Fact]
    public void Grade_LeakOutsideExam_IsLevelII()
    {
        var r = Some.Grader().Grade(Input("leak", Some.Beijing(2024, 8, 1)));
        Assert.Equal(IncidentLevel.II, r.Level);
        Assert.DoesNotContain(r.Reasons, x => x.Level == IncidentLevel.I);
    }

    [Fact]
    public void Grade_ComplaintWithHugeEngagement_SpreadTriggerRaisesLevel()
    {
        var r = Some.Grader().Grade(Input("complaint", Some.Beijing(2024, 8, 1), new() { ["max_engagement"] = 12_000 }));
        Assert.Equal(IncidentLevel.II, r.Level);
        var reason = Assert.Single(r.Reasons, x => x.Rule == "spread:max_engagement");
        Assert.Contains("12000 ≥ 10000", reason.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Grade_SensitiveWindow_HalvesScaledThresholdsAndSaysSo()
    {
        var quiet = Some.Grader().Grade(Input("complaint", Some.Beijing(2024, 8, 1), new() { ["max_engagement"] = 6_000 }));
        var examDay = Some.Grader().Grade(Input("complaint", Some.Beijing(2024, 9, 15), new() { ["max_engagement"] = 6_000 }));
        Assert.Equal(IncidentLevel.III, quiet.Level);
        Assert.Equal(IncidentLevel.II, examDay.Level);
        Assert.Contains(examDay.Reasons, x => x.Detail.Contains("sensitive window 考试实施", StringComparison.Ordinal));
    }

    [Fact]
    public void Grade_UnscaledPlatformTrigger_NotScaledInSensitiveWindow()
    {
        var r = Some.Grader().Grade(Input("complaint", Some.Beijing(2024, 9, 15), new() { ["platforms_2h"] = 2 }));
        var reason = Assert.Single(r.Reasons, x => x.Rule == "spread:platforms_2h");
        Assert.Equal(IncidentLevel.III, reason.Level);
    }

    [Fact]
    public void Grade_ComplaintNoSpread_IsLevelIVOnly()
    {
        var r = Some.Grader().Grade(Input("complaint", Some.Beijing(2024, 8, 1)));
        Assert.Equal(IncidentLevel.IV, r.Level);
        Assert.All(r.Reasons, x => Assert.Equal(IncidentLevel.IV, x.Level));
    }

    [Fact]
    public void Grade_NormalLabelNoSignals_IsNone()
    {
        var r = Some.Grader().Grade(Input("normal", Some.Beijing(2024, 8, 1)));
        Assert.Equal(IncidentLevel.None, r.Level);
        Assert.Empty(r.Reasons);
    }

    [Fact]
    public void Grade_HighScore_AddsScoreReasonWithBreakdown()
    {
        var metrics = new Dictionary<string, double>
        {
            ["max_engagement"] = 60_000, ["growth_24h"] = 20, ["platforms"] = 6, ["max_followers"] = 2_000_000, ["posts_6h"] = 2_000, ["contacts"] = 20,
        };
        var r = Some.Grader().Grade(Input("leak", Some.Beijing(2024, 8, 1), metrics));
        Assert.Equal(100, r.Score);
        var score = Assert.Single(r.Reasons, x => x.Rule == "score");
        Assert.Equal(IncidentLevel.I, score.Level);
        Assert.Contains("topic 100×15%", score.Detail, StringComparison.Ordinal);
        Assert.Equal(IncidentLevel.I, r.Level);
    }

    [Fact]
    public void Grade_TextNamesSite_ReturnsSite()
    {
        var r = Some.Grader().Grade(Input("complaint", Some.Beijing(2024, 8, 1), text: "华大考点空调坏了"));
        Assert.Equal(["qz-hqu"], r.Sites);
    }

    [Fact]
    public void Grade_Reasons_SortedMostSevereFirst()
    {
        var r = Some.Grader().Grade(Input("answer_selling", Some.Beijing(2024, 9, 14), new() { ["max_engagement"] = 30_000 }));
        Assert.Equal(IncidentLevel.I, r.Level);
        Assert.Equal(IncidentLevel.I, r.Reasons[0].Level);
        Assert.True(r.Reasons.Zip(r.Reasons.Skip(1)).All(p => p.First.Level >= p.Second.Level));
    }
}
