using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Tests.Incidents.Reference;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Incidents;

public sealed class IncidentTallyTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Metrics_PostsInAnyTimeOrder_EqualFullAnalysisAtTheLatestPost(int seed)
    {
        var options = Some.Options().Incidents;
        var rng = new Random(seed);
        var tally = new IncidentTally();
        var posts = new List<IncidentPost>();
        // Posts over three days, a third of them out of order, so every window (1 h … 48 h) holds some and misses some.
        foreach (var post in Streams.Generated(seed, 400).Select(p => p with { At = Posts.T0.AddMinutes(rng.Next(3 * 24 * 60)) }))
        {
            tally.Add(post);
            posts.Add(post);
            var analysis = IncidentAnalysis.Analyze(posts, posts.Max(p => p.At), options);
            Assert.Equal(analysis.Metrics.OrderBy(kv => kv.Key), tally.Metrics().OrderBy(kv => kv.Key));
            Assert.Equal(analysis.FirstSource, tally.FirstSource);
            Assert.Equal(analysis.Labels.Order(), tally.Labels.Order());
            Assert.Equal(posts.Count, tally.Count);
        }
    }

    [Fact]
    public void Metrics_NoPost_Throws() => Assert.Throws<InvalidOperationException>(() => new IncidentTally().Metrics());
}
