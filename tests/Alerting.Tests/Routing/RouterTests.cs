using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Routing;

public sealed class RouterTests
{
    private static Router Router(int urgentCap)
    {
        var o = Some.Options();
        o.Routing.UrgentFirstWaitMax = TimeSpan.FromSeconds(urgentCap);
        return new Router(Options.Create(o.Routing), new Gazetteer(Options.Create(o.Gazetteer)));
    }

    [Theory]
    [InlineData(IncidentLevel.I)]
    [InlineData(IncidentLevel.II)]
    [InlineData(IncidentLevel.III)]
    public void FirstNoticeWait_UrgentLevelWithLongGroupWait_CappedAtUrgentMax(IncidentLevel level)
    {
        var route = new RouteOptions { Targets = ["office"], GroupWait = TimeSpan.FromSeconds(30) };

        Assert.Equal(TimeSpan.Zero, Router(0).FirstNoticeWait(level, route));
        Assert.Equal(TimeSpan.FromSeconds(5), Router(5).FirstNoticeWait(level, route));
    }

    [Fact]
    public void FirstNoticeWait_UrgentLevelShorterGroupWait_KeepsGroupWait()
    {
        var route = new RouteOptions { Targets = ["office"], GroupWait = TimeSpan.FromSeconds(2) };

        Assert.Equal(TimeSpan.FromSeconds(2), Router(5).FirstNoticeWait(IncidentLevel.II, route));
    }

    [Fact]
    public void FirstNoticeWait_LevelIV_WaitsFullGroupWait()
    {
        var route = new RouteOptions { Targets = ["sites"], GroupWait = TimeSpan.FromSeconds(60) };

        Assert.Equal(TimeSpan.FromSeconds(60), Router(0).FirstNoticeWait(IncidentLevel.IV, route));
    }
}
