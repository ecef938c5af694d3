namespace SentimentWatch.Alerting.Escalation;

/// <summary>Escalation and first-report timers per level (<c>Alerting:Escalation</c>).</summary>
public sealed class EscalationOptions
{
    public const string Section = "Alerting:Escalation";

    /// <summary>Level name → escalation policy.</summary>
    public Dictionary<string, LevelEscalationOptions> Levels { get; set; } = [];
}

/// <summary>What happens while an alert of one level stays unacknowledged, and when its reports are due.</summary>
public sealed class LevelEscalationOptions
{
    /// <summary>Steps in order; each fires <see cref="EscalationStepOptions.After"/> after the previous (or after the alert).</summary>
    public List<EscalationStepOptions> Steps { get; set; } = [];

    /// <summary>首报 deadline after the alert, e.g. <c>00:30:00</c> (zero, the default = none).</summary>
    public TimeSpan FirstReportDue { get; set; }

    /// <summary>Written 快报 deadline after the alert, e.g. <c>01:00:00</c> (zero, the default = none).</summary>
    public TimeSpan WrittenReportDue { get; set; }
}

/// <summary>One escalation step.</summary>
public sealed class EscalationStepOptions
{
    /// <summary>Time after the previous step (or the alert), at least one minute, e.g. <c>00:05:00</c>.</summary>
    public TimeSpan After { get; set; }

    /// <summary>Responder ids or <c>roster:ROLE</c>.</summary>
    public List<string> Targets { get; set; } = [];
}
