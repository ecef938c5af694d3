using Microsoft.Extensions.Options;
using SentimentWatch.Office.Reports;
using SentimentWatch.Office.Tests.Support;

namespace SentimentWatch.Office.Tests.Reports;

/// <summary><c>Office:Reports</c> is validated at start-up: every bad key named at once, with its value.</summary>
public sealed class ReportOptionsValidatorTests
{
    [Fact]
    public void Value_BadFollowUpAndCapKeys_NamesEachKeyAndValue()
    {
        using var store = new OfficeStore(new Dictionary<string, string?>
        {
            ["Office:Reports:MaxIncidentRefs"] = "0",
            ["Office:Reports:FollowUp:GrowthPosts"] = "-1",
            ["Office:Reports:FollowUp:GrowthFactor"] = "1.05",
            ["Office:Reports:FollowUp:GrowthMinPosts"] = "0",
            ["Office:Reports:FollowUp:QuietMinutes"] = "2000",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => store.Get<IOptions<ReportOptions>>().Value);

        foreach (var key in new[] { "MaxIncidentRefs '0'", "FollowUp:GrowthPosts '-1'", "FollowUp:GrowthFactor '1.05'", "FollowUp:GrowthMinPosts '0'", "FollowUp:QuietMinutes '2000'" })
        {
            Assert.Contains(failure.Failures, f => f.StartsWith("Office:Reports:" + key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Value_Defaults_AreValid_AndGrowthNeedsEnoughNewPosts()
    {
        using var store = new OfficeStore();
        var o = store.Get<IOptions<ReportOptions>>().Value;

        Assert.Equal((20, true, 50, 2.0, 5, 30), (o.MaxIncidentRefs, o.FollowUp.NewPlatform, o.FollowUp.GrowthPosts, o.FollowUp.GrowthFactor, o.FollowUp.GrowthMinPosts, o.FollowUp.QuietMinutes));
        Assert.False(o.FollowUp.Grew(2, 4));   // doubled, but only 2 new posts
        Assert.True(o.FollowUp.Grew(5, 10));   // doubled with 5 new
        Assert.False(o.FollowUp.Grew(100, 149));
        Assert.True(o.FollowUp.Grew(100, 150)); // +50
    }
}
