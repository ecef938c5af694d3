using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Alerting.Pipeline;

/// <inheritdoc />
internal sealed class IncidentPreview(Grader grader, IOptions<AlertingOptions> options, TimeProvider time) : IIncidentPreview
{
    public IIncidentPreviewSession Begin() => new Session(grader, options.Value, time);

    private sealed class Session(Grader grader, AlertingOptions options, TimeProvider time) : IIncidentPreviewSession
    {
        private readonly IncidentClusterer _index = new(options.Incidents);
        private readonly Dictionary<long, List<IncidentPost>> _posts = [];
        private readonly Dictionary<long, string> _keys = [];
        private readonly Dictionary<long, IncidentLevel> _levels = [];
        private long _next;

        public IncidentPreviewResult Add(string key, ClassificationInput input, ClassificationResult result)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(result);
            var forms = options.Incidents.Labels.Count == 0 ? result.Label != Labels.Normal : options.Incidents.Labels.Contains(result.Label);
            if (!forms)
            {
                return new IncidentPreviewResult(null, [], null, null);
            }

            var postId = ++_next;
            _keys[postId] = key;
            var at = input.PublishedAtUtc ?? time.GetUtcNow();
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
}
