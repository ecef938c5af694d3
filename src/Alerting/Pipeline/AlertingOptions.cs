using SentimentWatch.Alerting.Acknowledgement;
using SentimentWatch.Alerting.Delivery;
using SentimentWatch.Alerting.Escalation;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Routing;

namespace SentimentWatch.Alerting.Pipeline;

/// <summary>
/// The whole <c>Alerting</c> section, validated as one at start-up because its parts refer to each other
/// (routes name responders, responders name channels, sites name responders).
/// </summary>
public sealed class AlertingOptions
{
    public const string Section = "Alerting";

    /// <summary>Whether <c>sw run</c> runs the alerting loops.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Longest wait between two passes over the classification stream and the timers when no classification signal
    /// wakes the pipeline (another process, timers coming due). Default 00:00:05, at most one hour.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether an alert asks the evidence stage to freeze its first post (channel <c>evidence</c>). On, the evidence
    /// stage must be composed (<c>IEvidenceFreezer</c>): the host always composes it, and a composition without it fails
    /// at start-up naming it. Off only where evidence is not part of the process (alerting's own tests).
    /// </summary>
    public bool FreezeEvidence { get; set; } = true;

    /// <summary>Operator name recorded when alerting freezes evidence.</summary>
    public string EvidenceOperator { get; set; } = "alerting";

    public GazetteerOptions Gazetteer { get; set; } = new();

    public GradingOptions Grading { get; set; } = new();

    public IncidentOptions Incidents { get; set; } = new();

    public RoutingOptions Routing { get; set; } = new();

    public DeliveryOptions Delivery { get; set; } = new();

    public AckOptions Ack { get; set; } = new();

    public EscalationOptions Escalation { get; set; } = new();
}
