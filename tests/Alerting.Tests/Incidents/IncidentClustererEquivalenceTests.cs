using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Alerting.Tests.Incidents.Reference;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Alerting.Tests.Incidents;

/// <summary>
/// The incremental clusterer and preview against the algorithm they replace (kept in <c>Reference/</c>): the same
/// incident, reason and duplicate for every post of the demo scenario and of generated streams.
/// </summary>
public sealed class IncidentClustererEquivalenceTests
{
    public static TheoryData<string> StreamNames => ["demo", "generated-1", "generated-2", "generated-3"];

    private static IReadOnlyList<IncidentPost> Stream(string name) => name switch
    {
        "demo" => Streams.Demo(),
        // The third stream spans about nine days: incidents fall out of the window and out of the topic postings.
        _ => Streams.Generated(int.Parse(name["generated-".Length..], System.Globalization.CultureInfo.InvariantCulture), name == "generated-3" ? 6500 : 3000),
    };

    [Theory]
    [MemberData(nameof(StreamNames))]
    public void Match_SameStream_SameIncidentReasonAndDuplicateAsReference(string name)
    {
        var options = Some.Options().Incidents;
        var reference = new ReferenceIncidentClusterer(options);
        var incremental = new IncidentClusterer(options);
        var reasons = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var post in Stream(name))
        {
            var expected = reference.Match(post);
            var actual = incremental.Match(post);
            Assert.True(expected == actual, $"post {post.PostId} ({post.PlatformPostId}): reference {expected}, incremental {actual}");
            var id = expected.IncidentId ?? post.PostId;
            var placed = post with { JoinReason = expected.Reason, DuplicateOfPostId = expected.DuplicateOfPostId };
            reference.Add(id, placed);
            incremental.Add(id, placed);
            var kind = expected.Reason.Split(' ')[0];
            reasons[kind] = reasons.GetValueOrDefault(kind) + 1;
        }

        Assert.Equal(reference.IncidentCount, incremental.IncidentCount);
        if (name != "demo")
        {
            // The stream exercises every way of joining, so agreement is not agreement on "first" alone.
            Assert.All(new[] { "first", "topic", "near_duplicate", "shared_contact", "reply_chain" }, k => Assert.True(reasons.GetValueOrDefault(k) > 10, $"{k}: {reasons.GetValueOrDefault(k)}"));
        }
    }

    [Theory]
    [MemberData(nameof(StreamNames))]
    public void PreviewAdd_SameStream_SameLevelReasonsDuplicateAndIncidentAsReference(string name)
    {
        var options = Some.Options();
        var reference = new ReferenceIncidentPreview(Some.Grader(options), options);
        var session = new IncidentPreview(Some.Grader(options), Some.Wrap(options), TimeProvider.System).Begin();
        var levels = new HashSet<string?>();
        foreach (var post in Stream(name))
        {
            var input = new ClassificationInput(post.Text, post.Platform, post.AuthorName, post.At, post.Engagement, 0, 1);
            var result = new ClassificationResult(post.Label, 0.9, new Dictionary<string, double>(),
                post.Contacts.Select(c => new Contact(c[..c.IndexOf(':', StringComparison.Ordinal)], c[(c.IndexOf(':', StringComparison.Ordinal) + 1)..], c, 0, 1)).ToList(), [], "m");
            var key = post.PlatformPostId!;
            var expected = reference.Add(key, input, result);
            var actual = session.Add(key, input, result);
            Assert.Equal((expected.Level, expected.DuplicateOf, expected.Incident), (actual.Level, actual.DuplicateOf, actual.Incident));
            Assert.Equal(expected.LevelReasons, actual.LevelReasons);
            levels.Add(actual.Level);
        }

        Assert.True(levels.Count >= 2, "the stream grades at more than one level");
    }
}
