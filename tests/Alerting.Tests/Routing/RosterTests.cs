using SentimentWatch.Alerting.Routing;
using SentimentWatch.Alerting.Tests.Support;

namespace SentimentWatch.Alerting.Tests.Routing;

public sealed class RosterTests
{
    [Fact]
    public void OnShift_NightShiftWrappingMidnight_ReturnsNightOfficer()
    {
        var roster = Some.Options().Routing.Roster;
        Assert.Equal(["duty-b"], Roster.OnShift(roster, "duty_officer", Some.Beijing(2024, 9, 14, 2)));
        Assert.Equal(["duty-a"], Roster.OnShift(roster, "duty_officer", Some.Beijing(2024, 9, 14, 8)));
    }

    [Fact]
    public void Gaps_ShippedRoster_HasNone()
    {
        var roster = Some.Options().Routing.Roster;
        Assert.Empty(Roster.Gaps(roster, "duty_officer"));
        Assert.Empty(Roster.Gaps(roster, "shift_leader"));
    }

    [Fact]
    public void Gaps_MissingEarlyMorning_NamesTheSpan()
    {
        List<ShiftOptions> roster =
        [
            new() { Role = "duty_officer", Responder = "a", From = "08:00", To = "20:00" },
            new() { Role = "duty_officer", Responder = "b", From = "20:00", To = "02:00" },
        ];
        Assert.Equal(["02:00–08:00"], Roster.Gaps(roster, "duty_officer"));
    }

    [Theory]
    [InlineData("24:00", 1440)]
    [InlineData("07:30", 450)]
    [InlineData("24:01", null)]
    [InlineData("7:30", null)]
    [InlineData("ab:cd", null)]
    public void ParseClock_Inputs_ParsesOrRejects(string text, int? expected)
    {
        Assert.Equal(expected, Roster.ParseClock(text));
    }
}
