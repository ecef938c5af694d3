using SentimentWatch.Crawler.Collection;

namespace SentimentWatch.Crawler.Tests.Collection;

public sealed class CollectionOptionsValidatorTests
{
    [Fact]
    public void Validate_ShippedDefaults_Succeed()
    {
        var result = new CollectionOptionsValidator().Validate(null, new CollectionOptions { RecrawlEvery = TimeSpan.FromMinutes(2) });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    [Fact]
    public void Validate_EveryKeyOutOfRange_EachNamedWithItsValue()
    {
        var options = new CollectionOptions { RecrawlMaxPerRun = -1, MaxDetailPagesPerRun = 0, MaxPagesPerThread = 0, RecrawlEvery = TimeSpan.FromMinutes(-1) };

        var result = new CollectionOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(4, failures.Count);
        Assert.Contains("Crawler:Collection:RecrawlMaxPerRun '-1'", failures[0], StringComparison.Ordinal);
        Assert.Contains("Crawler:Collection:MaxDetailPagesPerRun '0'", failures[1], StringComparison.Ordinal);
        Assert.Contains("Crawler:Collection:MaxPagesPerThread '0'", failures[2], StringComparison.Ordinal);
        Assert.Contains("Crawler:Collection:RecrawlEvery '-00:01:00'", failures[3], StringComparison.Ordinal);
    }
}
