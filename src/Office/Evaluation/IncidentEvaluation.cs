using SentimentWatch.Core.Alerting;
using SentimentWatch.Office.Facts;

namespace SentimentWatch.Office.Evaluation;

/// <summary>
/// One step of an incident's timeline: when it happened and who did it (null when there is no record of it), the
/// target it is held to, and whether it was late (<see cref="Late"/>) — done after the target, or not done although
/// the target has passed.
/// </summary>
public sealed record TimelineStep(
    string Step,
    DateTimeOffset? AtUtc,
    string? By,
    IReadOnlyList<SourceRef> Sources,
    string? From,
    double? TargetMinutes,
    double? TakenMinutes,
    bool Late,
    string Note);

/// <summary>A responder who was notified, when, and when (and by whom) the alert was acknowledged.</summary>
public sealed record ResponderAck(string Responder, string Channel, long AlertId, DateTimeOffset NotifiedUtc, string? AcknowledgedBy, DateTimeOffset? AcknowledgedUtc, double? Minutes, SourceRef Source);

/// <summary>Something a person recorded on the incident (guidance reply, note, assignment, sharing, feedback).</summary>
public sealed record PersonAction(DateTimeOffset AtUtc, string Actor, string What, string Detail, SourceRef Source);

/// <summary>A post the classifier labelled otherwise than the commentator decided.</summary>
public sealed record ClassifierMistake(long PostId, string Predicted, string Decided, string By, IReadOnlyList<SourceRef> Sources);

/// <summary>The evaluation (总结评估) of one incident.</summary>
public sealed record IncidentEvaluation(
    IncidentRecord Incident,
    IReadOnlyList<TimelineStep> Timeline,
    IReadOnlyList<ResponderAck> Responders,
    IReadOnlyList<PersonAction> Actions,
    IReadOnlyList<ClassifierMistake> Mistakes,
    string Marker,
    DateTimeOffset AtUtc)
{
    public IReadOnlyList<TimelineStep> LateSteps => Timeline.Where(s => s.Late).ToList();
}
