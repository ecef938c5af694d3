using SentimentWatch.Alerting.Incidents;

namespace SentimentWatch.Alerting.Tests.Incidents;

public sealed class BurstDetectorTests
{
    [Fact]
    public void Signals_SpikeAfterSteadyNoise_FlagsOnlyTheSpike()
    {
        double[] y = [2, 3, 2, 1, 2, 3, 2, 2, 1, 2, 3, 2, 40, 2, 3];
        var s = BurstDetector.Signals(y, lag: 12, threshold: 3.5, influence: 0.3, minCount: 10);
        Assert.Equal(1, s[12]);
        Assert.Equal(0, s[13]);
        Assert.Equal(0, s.Take(12).Sum(Math.Abs));
    }

    [Fact]
    public void Signals_SpikeBelowMinCount_NotABurst()
    {
        double[] y = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 6];
        Assert.Equal(0, BurstDetector.Signals(y, 12, 3.5, 0.3, 10)[12]);
    }

    [Fact]
    public void Signals_ShorterThanLag_AllZero()
    {
        Assert.All(BurstDetector.Signals([50, 60], 12, 3.5, 0.3, 10), s => Assert.Equal(0, s));
    }

    [Theory]
    [InlineData(new double[] { 1, 1, 1, 5, 6, 7 }, Trend.Rising)]
    [InlineData(new double[] { 7, 6, 5, 1, 1, 0 }, Trend.Falling)]
    [InlineData(new double[] { 3, 3, 3, 3, 3, 3 }, Trend.Flat)]
    public void TrendOf_Series_Direction(double[] y, Trend expected)
    {
        Assert.Equal(expected, BurstDetector.TrendOf(y, 3));
    }
}
