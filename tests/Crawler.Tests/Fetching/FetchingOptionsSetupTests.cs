using SentimentWatch.Crawler.Tests.Fetching.Support;

namespace SentimentWatch.Crawler.Tests.Fetching;

public sealed class FetchingOptionsSetupTests
{
    [Fact]
    public void Validate_Defaults_Accepted()
    {
        Assert.Empty(FetcherHarness.StartupErrors(new Dictionary<string, string?>()));
    }

    [Fact]
    public void Validate_ManyBadValues_EveryKeyAndValueNamed()
    {
        var errors = FetcherHarness.StartupErrors(new Dictionary<string, string?>
        {
            ["Crawler:Fetching:Timeout"] = "soon",
            ["Crawler:Fetching:AttemptTimeout"] = "-00:00:01",
            ["Crawler:Fetching:MaxRedirects"] = "99",
            ["Crawler:Fetching:MaxRedirect"] = "3",
            ["Crawler:Fetching:ContactUrl"] = "htp://x",
            ["Crawler:Fetching:Politeness:MaxConcurrentPerHost"] = "0",
            ["Crawler:Fetching:Politeness:Enabled"] = "maybe",
            ["Crawler:Fetching:Robots:WhenUnreachable"] = "Sometimes",
            ["Crawler:Fetching:Retry:MaxRetries"] = "1000000000000",
        });

        Assert.Contains("Crawler:Fetching:Timeout 'soon' is not a valid time span (e.g. 00:00:30)", errors);
        Assert.Contains(errors, e => e.StartsWith("Crawler:Fetching:AttemptTimeout '-00:00:01'", StringComparison.Ordinal));
        Assert.Contains("Crawler:Fetching:MaxRedirects '99' must be between 0 and 20", errors);
        Assert.Contains(errors, e => e.StartsWith("Crawler:Fetching:MaxRedirect '3' is not a known key", StringComparison.Ordinal));
        Assert.Contains("Crawler:Fetching:ContactUrl 'htp://x' is not an absolute http(s) URI", errors);
        Assert.Contains("Crawler:Fetching:Politeness:MaxConcurrentPerHost '0' must be between 1 and 64", errors);
        Assert.Contains("Crawler:Fetching:Politeness:Enabled 'maybe' is not a valid boolean (true/false)", errors);
        Assert.Contains(errors, e => e.StartsWith("Crawler:Fetching:Robots:WhenUnreachable 'Sometimes' is not a valid value (Disallow, Allow)", StringComparison.Ordinal));
        Assert.Contains("Crawler:Fetching:Retry:MaxRetries '1000000000000' is not a valid whole number", errors);
        Assert.Equal(9, errors.Count);
    }
}
