namespace SentimentWatch.Alerting.Grading;

/// <summary>
/// The explicit grading rule set (<c>Alerting:Grading</c>). Level = the highest of content floors (label × exam
/// stage), spread triggers and the weighted score; every rule that fires becomes a reason on the alert.
/// </summary>
public sealed class GradingOptions
{
    public const string Section = "Alerting:Grading";

    /// <summary>Metrics an incident exposes to spread triggers and the score.</summary>
    public static IReadOnlyList<string> KnownMetrics { get; } =
        ["max_engagement", "posts_1h", "posts_6h", "posts_24h", "platforms", "platforms_2h", "max_followers", "growth_24h", "contacts"];

    public List<ContentFloorRule> ContentFloors { get; set; } = [];

    public List<SpreadTriggerRule> SpreadTriggers { get; set; } = [];

    /// <summary>Multiplier applied to scaled thresholds inside a sensitive window (0 &lt; f ≤ 1).</summary>
    public double SensitivityFactor { get; set; } = 0.5;

    public ScoreOptions Score { get; set; } = new();
}

/// <summary>A minimum level for incidents carrying <see cref="Label"/>, optionally only in some exam stages.</summary>
public sealed class ContentFloorRule
{
    /// <summary>Classifier label (see Core <c>Labels</c>).</summary>
    public string Label { get; set; } = string.Empty;

    /// <summary>Level name I/II/III/IV.</summary>
    public string Level { get; set; } = string.Empty;

    /// <summary>Stages in which the rule applies; empty = every time.</summary>
    public List<string> Stages { get; set; } = [];

    /// <summary>When true the rule applies only inside a sensitive window.</summary>
    public bool SensitiveOnly { get; set; }

    /// <summary>Why the rule exists (shown in reasons), e.g. the plan clause it comes from.</summary>
    public string? Basis { get; set; }
}

/// <summary>"Metric ≥ threshold ⇒ at least this level", one threshold per level.</summary>
public sealed class SpreadTriggerRule
{
    /// <summary>One of <see cref="GradingOptions.KnownMetrics"/>.</summary>
    public string Metric { get; set; } = string.Empty;

    /// <summary>Level name → threshold, e.g. <c>{"III": 1000, "II": 10000, "I": 50000}</c>.</summary>
    public Dictionary<string, double> Thresholds { get; set; } = [];

    /// <summary>Whether sensitive windows scale the thresholds by <see cref="GradingOptions.SensitivityFactor"/>.</summary>
    public bool Scaled { get; set; } = true;
}

/// <summary>Composite 0–100 score: each dimension scores 10/20/30/50/100 by four ascending bounds, weighted.</summary>
public sealed class ScoreOptions
{
    /// <summary>Dimension → weight (weights should sum to 100). <c>topic</c> uses <see cref="LabelScores"/>; the rest are metrics.</summary>
    public Dictionary<string, double> Weights { get; set; } = [];

    /// <summary>Metric dimension → four ascending bounds separating the 10/20/30/50/100 buckets.</summary>
    public Dictionary<string, List<double>> Bounds { get; set; } = [];

    /// <summary>Label → topic bucket score (10…100).</summary>
    public Dictionary<string, double> LabelScores { get; set; } = [];

    /// <summary>Level name → minimum score, e.g. <c>{"I": 85, "II": 50, "III": 30}</c>.</summary>
    public Dictionary<string, double> Cutoffs { get; set; } = [];
}
