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
    /// <summary>Steps in order; each fires <see cref="EscalationStepOptions.AfterMinutes"/> after the previous (or after the alert).</summary>
    public List<EscalationStepOptions> Steps { get; set; } = [];

    /// <summary>首报 deadline in minutes after the alert (0 = none).</summary>
    public int FirstReportMinutes { get; set; }

    /// <summary>Written 快报 deadline in minutes after the alert (0 = none).</summary>
    public int WrittenReportMinutes { get; set; }
}

/// <summary>One escalation step.</summary>
public sealed class EscalationStepOptions
{
    public int AfterMinutes { get; set; }

    /// <summary>Responder ids or <c>roster:ROLE</c>.</summary>
    public List<string> Targets { get; set; } = [];
}
