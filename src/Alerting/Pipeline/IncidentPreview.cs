using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Alerting.Pipeline;

/// <inheritdoc />
/// <remarks>
/// Each added post costs one match against the clusterer's indexes and one grading of its incident's running totals
/// (<see cref="IncidentTally"/>), independent of how many posts the run or the incident already holds.
/// </remarks>
internal sealed class IncidentPreview(Grader grader, IOptions<AlertingOptions> options, TimeProvider time) : IIncidentPreview
{
    public IIncidentPreviewSession Begin() => new PreviewSession(grader, options.Value, time);

    private sealed class PreparedDraft(ClassificationInput input, ClassificationResult result, PostFingerprint? fingerprint, IReadOnlyList<string> contacts) : IncidentPreviewDraft
    {
        public ClassificationInput Input { get; } = input;

        public ClassificationResult Result { get; } = result;

        /// <summary>Null for a label that forms no incident.</summary>
        public PostFingerprint? Fingerprint { get; } = fingerprint;

        public IReadOnlyList<string> Contacts { get; } = contacts;
    }

    private sealed class PreviewSession(Grader grader, AlertingOptions options, TimeProvider time) : IIncidentPreviewSession
    {
        private static readonly IncidentPreviewResult NoIncident = new(null, [], null, null);

        // Preview posts are never stored, sent or analysed for their spread path, so they share one address instead of
        // parsing a URI per post on the in-order path.
        private static readonly Uri PreviewUrl = new("urn:sw:preview");
        private readonly IncidentClusterer _index = new(options.Incidents);
        private readonly Dictionary<long, string> _keys = [];
        private readonly Dictionary<long, (int Ordinal, IncidentLevel Level)> _incidents = [];
        private long _next;

        public IncidentPreviewDraft Prepare(ClassificationInput input, ClassificationResult result)
        {
            ArgumentNullException.ThrowIfNull(input);
            ArgumentNullException.ThrowIfNull(result);
            var forms = options.Incidents.Labels.Count == 0 ? result.Label != Labels.Normal : options.Incidents.Labels.Contains(result.Label);
            return forms
                ? new PreparedDraft(input, result, PostFingerprint.Of(input.Text, options.Incidents), result.Contacts.Select(c => $"{c.Kind}:{c.Value}").Distinct(StringComparer.Ordinal).ToList())
                : new PreparedDraft(input, result, null, []);
        }

        public IncidentPreviewResult Add(string key, IncidentPreviewDraft draft)
        {
            if (draft is not PreparedDraft d)
            {
                throw new ArgumentException("The draft was not prepared by this preview.", nameof(draft));
            }

            if (d.Fingerprint is not { } fingerprint)
            {
                return NoIncident;
            }

            var (input, result) = (d.Input, d.Result);
            var postId = ++_next;
            _keys[postId] = key;
            var at = input.PublishedAtUtc ?? time.GetUtcNow();
            var post = new IncidentPost(
                postId, "preview", input.Platform ?? "unknown", null, null, null, PreviewUrl, input.Author, input.Author, null,
                input.Text, at, result.Label, (input.Reposts ?? 0) + (input.Comments ?? 0) + (input.Likes ?? 0), d.Contacts, "first", null);
            var match = _index.Match(post, fingerprint);
            var incident = match.IncidentId ?? postId;
            post = post with { JoinReason = match.Reason, DuplicateOfPostId = match.DuplicateOfPostId };
            _index.Add(incident, post, fingerprint);
            // A new incident takes the post's id, the largest so far: its run-local number is the count of incidents.
            var (ordinal, level) = _incidents.TryGetValue(incident, out var known) ? known : (_incidents.Count + 1, IncidentLevel.None);
            var tally = _index.TallyOf(incident)!;
            var grade = grader.Grade(new GradingInput(tally.Labels, tally.Metrics(), tally.FirstSource!.Text + "\n" + post.Text, at));
            var decision = LevelPolicy.Apply(level, grade.Level);
            _incidents[incident] = (ordinal, decision.Level);
            return new IncidentPreviewResult(
                decision.Level == IncidentLevel.None ? null : decision.Level.ToString(),
                decision.HeldReason is null ? grade.Reasons : [decision.HeldReason, .. grade.Reasons],
                match.DuplicateOfPostId is { } dup ? _keys[dup] : null,
                ordinal);
        }
    }
}
