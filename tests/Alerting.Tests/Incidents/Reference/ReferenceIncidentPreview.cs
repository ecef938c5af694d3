using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Alerting.Tests.Incidents.Reference;

/// <summary>
/// The <c>sw classify</c> incident preview as it was before it became incremental (commit 227ba65): it re-analyses the
/// whole incident on every post and numbers incidents by sorting every id. The reference for the incremental preview.
/// </summary>
internal sealed class ReferenceIncidentPreview(Grader grader, AlertingOptions options)
{
    private readonly ReferenceIncidentClusterer _index = new(options.Incidents);
    private readonly Dictionary<long, List<IncidentPost>> _posts = [];
    private readonly Dictionary<long, string> _keys = [];
    private readonly Dictionary<long, IncidentLevel> _levels = [];
    private long _next;

    public IncidentPreviewResult Add(string key, ClassificationInput input, ClassificationResult result)
    {
        var forms = options.Incidents.Labels.Count == 0 ? result.Label != Labels.Normal : options.Incidents.Labels.Contains(result.Label);
        if (!forms)
        {
            return new IncidentPreviewResult(null, [], null, null);
        }

        var postId = ++_next;
        _keys[postId] = key;
        var at = input.PublishedAtUtc!.Value;
        var post = new IncidentPost(
            postId, "preview", input.Platform ?? "unknown", null, null, null, new Uri("urn:sw:preview:" + postId), input.Author, input.Author, null,
            input.Text, at, result.Label, (input.Reposts ?? 0) + (input.Comments ?? 0) + (input.Likes ?? 0),
            result.Contacts.Select(c => $"{c.Kind}:{c.Value}").Distinct(StringComparer.Ordinal).ToList(), "first", null);
        var match = _index.Match(post);
        var incident = match.IncidentId ?? postId;
        post = post with { JoinReason = match.Reason, DuplicateOfPostId = match.DuplicateOfPostId };
        _index.Add(incident, post);
        if (!_posts.TryGetValue(incident, out var list))
        {
            _posts[incident] = list = [];
        }

        list.Add(post);
        var analysis = IncidentAnalysis.Analyze(list, list.Max(p => p.At), options.Incidents);
        var grade = grader.Grade(new GradingInput(analysis.Labels, analysis.Metrics, analysis.FirstSource.Text + "\n" + post.Text, at));
        var decision = LevelPolicy.Apply(_levels.GetValueOrDefault(incident), grade.Level);
        _levels[incident] = decision.Level;
        var ordinal = _posts.Keys.Order().ToList().IndexOf(incident) + 1;
        return new IncidentPreviewResult(
            decision.Level == IncidentLevel.None ? null : decision.Level.ToString(),
            decision.HeldReason is null ? grade.Reasons : [decision.HeldReason, .. grade.Reasons],
            match.DuplicateOfPostId is { } d ? _keys[d] : null,
            ordinal);
    }
}
