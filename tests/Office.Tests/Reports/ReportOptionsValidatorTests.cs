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
            ["Office:Reports:FollowUp:QuietPeriod"] = "1.00:00:01",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => store.Get<IOptions<ReportOptions>>().Value);

        foreach (var key in new[] { "MaxIncidentRefs '0'", "FollowUp:GrowthPosts '-1'", "FollowUp:GrowthFactor '1.05'", "FollowUp:GrowthMinPosts '0'", "FollowUp:QuietPeriod '1.00:00:01'" })
        {
            Assert.Contains(failure.Failures, f => f.StartsWith("Office:Reports:" + key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Value_Defaults_AreValid_AndGrowthNeedsEnoughNewPosts()
    {
        using var store = new OfficeStore();
        var o = store.Get<IOptions<ReportOptions>>().Value;

        Assert.Equal((20, true, 50, 2.0, 5, TimeSpan.FromMinutes(30), TimeSpan.FromSeconds(15)),
            (o.MaxIncidentRefs, o.FollowUp.NewPlatform, o.FollowUp.GrowthPosts, o.FollowUp.GrowthFactor, o.FollowUp.GrowthMinPosts, o.FollowUp.QuietPeriod, o.AutoPollInterval));
        Assert.False(o.FollowUp.Grew(2, 4));   // doubled, but only 2 new posts
        Assert.True(o.FollowUp.Grew(5, 10));   // doubled with 5 new
        Assert.False(o.FollowUp.Grew(100, 149));
        Assert.True(o.FollowUp.Grew(100, 150)); // +50
    }

    [Fact]
    public void Value_RetiredIntegerDurationKeys_RefusedByNameWithTheKeyToWrite()
    {
        using var store = new OfficeStore(new Dictionary<string, string?>
        {
            ["Office:Reports:AutoPollSeconds"] = "5",
            ["Office:Reports:FollowUp:QuietMinutes"] = "10",
        });

        var failure = Assert.Throws<OptionsValidationException>(() => store.Get<IOptions<ReportOptions>>().Value);

        Assert.Equal(
            [
                "Office:Reports:AutoPollSeconds '5' is no longer read (seconds as a number): write Office:Reports:AutoPollInterval as a time span, e.g. 00:05:00 for five minutes",
                "Office:Reports:FollowUp:QuietMinutes '10' is no longer read (minutes as a number): write Office:Reports:FollowUp:QuietPeriod as a time span, e.g. 00:05:00 for five minutes",
            ],
            failure.Failures);
    }

    [Fact]
    public void Value_TimeSpanKeys_BoundAndOutOfRangeNamed()
    {
        using (var good = new OfficeStore(new Dictionary<string, string?>
        {
            ["Office:Reports:AutoPollInterval"] = "00:00:02",
            ["Office:Reports:FollowUp:QuietPeriod"] = "00:00:00",
        }))
        {
            var o = good.Get<IOptions<ReportOptions>>().Value;
            Assert.Equal((TimeSpan.FromSeconds(2), TimeSpan.Zero), (o.AutoPollInterval, o.FollowUp.QuietPeriod));
        }

        using var bad = new OfficeStore(new Dictionary<string, string?> { ["Office:Reports:AutoPollInterval"] = "00:00:00.5" });
        var failure = Assert.Throws<OptionsValidationException>(() => bad.Get<IOptions<ReportOptions>>().Value);
        Assert.Equal(["Office:Reports:AutoPollInterval '00:00:00.5000000' must be between 00:00:01 and 00:10:00"], failure.Failures);
    }
}
