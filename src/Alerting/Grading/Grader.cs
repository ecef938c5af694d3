using System.Globalization;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Grading;

/// <summary>What the grader sees of an incident.</summary>
/// <param name="Labels">Labels of the incident's posts (each once).</param>
/// <param name="Metrics">Values of <see cref="GradingOptions.KnownMetrics"/>; a missing metric counts as 0.</param>
/// <param name="Text">Text searched for exam-site names (e.g. the first post plus the latest).</param>
/// <param name="At">The moment graded (decides the exam stage).</param>
public sealed record GradingInput(IReadOnlyCollection<string> Labels, IReadOnlyDictionary<string, double> Metrics, string? Text, DateTimeOffset At);

/// <summary>A proposed level and everything that led to it.</summary>
public sealed record GradeResult(
    IncidentLevel Level,
    IReadOnlyList<LevelReason> Reasons,
    double Score,
    ExamMoment Moment,
    IReadOnlyList<string> Sites);

/// <summary>Applies <see cref="GradingOptions"/>: level = max(content floor, spread triggers, score level).</summary>
public sealed class Grader(IOptions<GradingOptions> options, ExamCalendar calendar, Gazetteer gazetteer)
{
    private static readonly double[] BucketScores = [10, 20, 30, 50, 100];
    private readonly GradingOptions _o = options.Value;

    // The score's dimensions in the order the reason lists them, sorted once rather than per grading (the batch preview
    // grades once per post, in input order).
    private readonly KeyValuePair<string, double>[] _weights = [.. options.Value.Score.Weights.OrderBy(w => w.Key, StringComparer.Ordinal)];

    // The grader is shared (the live pipeline and previews): a concurrent cache. Its size is bounded by the dimensions
    // times the bucket scores and label scores there are.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Dimension, double Bucket), string> _parts = new();

    public GradeResult Grade(GradingInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var moment = calendar.At(input.At);
        var reasons = new List<LevelReason>();
        var sites = gazetteer.Find(input.Text);

        foreach (var (floor, level) in Floors(input.Labels, moment))
        {
            var where = floor.Stages.Count > 0 ? $"@{moment.Stage}" : string.Empty;
            reasons.Add(new LevelReason($"content_floor:{floor.Label}{where}", level,
                $"label {floor.Label}{(moment.Stage is null ? string.Empty : $", stage {moment.Stage}")}{(floor.Basis is null ? string.Empty : $" — {floor.Basis}")}"));
        }

        foreach (var trigger in _o.SpreadTriggers)
        {
            var value = Metric(input, trigger.Metric);
            var factor = trigger.Scaled && moment.Sensitive ? _o.SensitivityFactor : 1.0;
            var best = IncidentLevel.None;
            double bestThreshold = 0;
            foreach (var (levelName, threshold) in trigger.Thresholds)
            {
                if (IncidentLevels.TryParse(levelName, out var level) && value >= threshold * factor && level > best)
                {
                    best = level;
                    bestThreshold = threshold;
                }
            }

            if (best != IncidentLevel.None)
            {
                var scaled = factor < 1.0
                    ? string.Create(CultureInfo.InvariantCulture, $" ({bestThreshold:0.##} × {factor:0.##} sensitive window {moment.Stage})")
                    : string.Empty;
                reasons.Add(new LevelReason($"spread:{trigger.Metric}", best,
                    string.Create(CultureInfo.InvariantCulture, $"{trigger.Metric} {value:0.##} ≥ {bestThreshold * factor:0.##}{scaled}")));
            }
        }

        var (score, parts) = ComputeScore(input);
        var scoreLevel = IncidentLevel.None;
        double cutoff = 0;
        foreach (var (levelName, min) in _o.Score.Cutoffs)
        {
            if (IncidentLevels.TryParse(levelName, out var level) && score >= min && level > scoreLevel)
            {
                scoreLevel = level;
                cutoff = min;
            }
        }

        if (scoreLevel != IncidentLevel.None)
        {
            reasons.Add(new LevelReason("score", scoreLevel,
                string.Create(CultureInfo.InvariantCulture, $"score {score:0.#} ≥ {cutoff:0.#} ({parts})")));
        }

        var final = reasons.Count == 0 ? IncidentLevel.None : reasons.Max(r => r.Level);
        return new GradeResult(final, reasons.OrderByDescending(r => r.Level).ToList(), score, moment, sites);
    }

    /// <summary>
    /// The post that sets an incident's level by what it says: the one whose label meets the highest content floor at
    /// <paramref name="at"/>, then the highest topic score (<c>Score:LabelScores</c>); the earliest among equals, so the
    /// first source leads until a more serious post joins.
    /// </summary>
    public IncidentPost LeadPost(IReadOnlyList<IncidentPost> posts, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(posts);
        var moment = calendar.At(at);
        var severity = new Dictionary<string, (IncidentLevel Floor, double Topic)>(StringComparer.Ordinal);
        IncidentPost? lead = null;
        (IncidentLevel Floor, double Topic) best = default;
        foreach (var post in posts.OrderBy(p => p.At).ThenBy(p => p.PostId))
        {
            if (!severity.TryGetValue(post.Label, out var s))
            {
                var floors = Floors([post.Label], moment).Select(f => f.Level).DefaultIfEmpty(IncidentLevel.None).Max();
                s = severity[post.Label] = (floors, _o.Score.LabelScores.GetValueOrDefault(post.Label));
            }

            if (lead is null || s.Floor > best.Floor || (s.Floor == best.Floor && s.Topic > best.Topic))
            {
                (lead, best) = (post, s);
            }
        }

        return lead ?? throw new ArgumentException("An incident has at least one post.", nameof(posts));
    }

    /// <summary>The content floors that <paramref name="labels"/> meet at <paramref name="moment"/>, with their levels.</summary>
    private IEnumerable<(ContentFloorRule Floor, IncidentLevel Level)> Floors(IReadOnlyCollection<string> labels, ExamMoment moment)
    {
        foreach (var floor in _o.ContentFloors)
        {
            if (!labels.Contains(floor.Label) || !IncidentLevels.TryParse(floor.Level, out var level))
            {
                continue;
            }

            if (floor.Stages.Count > 0 && (moment.Stage is null || !floor.Stages.Contains(moment.Stage)))
            {
                continue;
            }

            if (floor.SensitiveOnly && !moment.Sensitive)
            {
                continue;
            }

            yield return (floor, level);
        }
    }

    private (double Score, string Parts) ComputeScore(GradingInput input)
    {
        double total = 0;
        var parts = new List<string>();
        foreach (var (dimension, weight) in _weights)
        {
            double bucket;
            if (dimension == "topic")
            {
                // The highest score among the incident's labels (0 without labels).
                bucket = 0;
                var any = false;
                foreach (var label in input.Labels)
                {
                    var score = _o.Score.LabelScores.GetValueOrDefault(label);
                    bucket = any ? Math.Max(bucket, score) : score;
                    any = true;
                }
            }
            else
            {
                var value = Metric(input, dimension);
                var index = 0;
                foreach (var b in _o.Score.Bounds.GetValueOrDefault(dimension) ?? [])
                {
                    index += value >= b ? 1 : 0;
                }

                bucket = BucketScores[Math.Min(index, BucketScores.Length - 1)];
            }

            var contribution = bucket / 100.0 * weight;
            total += contribution;
            parts.Add(Part(dimension, bucket, weight));
        }

        return (Math.Round(total, 2), string.Join(", ", parts));
    }

    /// <summary>
    /// One dimension's part of the score reason, formatted once per (dimension, bucket): the batch preview grades once per
    /// post in input order, and a handful of buckets per dimension recur.
    /// </summary>
    private string Part(string dimension, double bucket, double weight)
    {
        var key = (dimension, bucket);
        if (!_parts.TryGetValue(key, out var part))
        {
            part = string.Create(CultureInfo.InvariantCulture, $"{dimension} {bucket:0}×{weight:0.##}%");
            _parts.TryAdd(key, part);
        }

        return part;
    }

    private static double Metric(GradingInput input, string name) => input.Metrics.TryGetValue(name, out var v) ? v : 0;
}
