namespace SentimentWatch.Core.Alerting;

/// <summary>An alert: one notification-worthy state of an incident (a new incident, an upgrade), a collector-health event or a dead letter.</summary>
/// <param name="Key">Idempotency key of the alert itself, e.g. <c>incident:12:level:II</c>; raising the same key twice returns the first.</param>
/// <param name="Kind"><c>incident</c>, <c>health</c> or <c>dead_letter</c>.</param>
/// <param name="State"><c>open</c>, <c>acknowledged</c>, <c>resolved</c> or <c>silenced</c>.</param>
public sealed record AlertRecord(
    long Id,
    string Key,
    string Kind,
    long? IncidentId,
    IncidentLevel Level,
    string Title,
    string Summary,
    IReadOnlyList<LevelReason> Reasons,
    DateTimeOffset CreatedUtc,
    string State,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedUtc,
    string? AcknowledgedVia);

/// <summary>A message waiting in (or delivered from) the outbox.</summary>
/// <param name="IdempotencyKey">Unique per intended delivery; the same key is never enqueued twice and is sent as the Message-ID / JSON id so receivers can drop replays.</param>
/// <param name="OrderKey">Messages with the same channel, recipient and order key are delivered strictly in id order (one incident's stream).</param>
/// <param name="State">
/// <c>pending</c>; <c>handed</c> (committed just before the receiver could accept it: the last step before the
/// point of no return); <c>sent</c> (the receiver confirmed); <c>sent_unconfirmed</c> (a <c>handed</c> message found
/// after a crash: the receiver may or may not have it, and it is never resent); <c>dead</c>; <c>superseded</c>.
/// </param>
/// <param name="HandedUtc">When the message was handed over (the commit before the point of no return), if it was.</param>
public sealed record OutboxMessage(
    long Id,
    string IdempotencyKey,
    long? AlertId,
    string Channel,
    string ResponderId,
    string Recipient,
    string OrderKey,
    string Subject,
    string TextBody,
    string? HtmlBody,
    string PayloadJson,
    int Attempts,
    DateTimeOffset DueUtc,
    string State,
    string? LastError,
    DateTimeOffset CreatedUtc,
    DateTimeOffset? SentUtc,
    DateTimeOffset? HandedUtc = null);

/// <summary>A durable timer (escalation step, first-report deadline, batched update).</summary>
/// <param name="Kind"><c>escalate</c>, <c>first_report</c>, <c>written_report</c>.</param>
/// <param name="State"><c>pending</c>, <c>fired</c> or <c>cancelled</c>.</param>
public sealed record AlertTimer(long Id, long AlertId, string Kind, int Step, DateTimeOffset DueUtc, string State);

/// <summary>A silence: a person has reviewed an incident as a false positive.</summary>
public sealed record Silence(long Id, long IncidentId, string CreatedBy, string Reason, DateTimeOffset CreatedUtc, DateTimeOffset ExpiresUtc);

/// <summary>Durable alerts, outbox, timers and silences. Raising an alert writes it, its messages and its timers in one transaction.</summary>
public interface IAlertStore
{
    /// <summary>
    /// Writes the alert, its outbox messages and timers atomically. If an alert with the same key exists, nothing is
    /// written and the existing alert is returned (so a replay after a crash sends nothing twice).
    /// </summary>
    Task<(AlertRecord Alert, bool Created)> RaiseAsync(AlertRecord alert, IReadOnlyList<OutboxMessage> messages, IReadOnlyList<AlertTimer> timers, CancellationToken cancellationToken);

    /// <summary>Adds messages (e.g. escalations) to the outbox; keys already present are skipped. Returns how many were added.</summary>
    Task<int> EnqueueAsync(IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken);

    /// <summary>Channels that have pending messages.</summary>
    Task<IReadOnlyList<string>> PendingChannelsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Due pending messages of one channel: for each (recipient, order key) only the oldest pending one, so a message
    /// that is backing off holds back the later ones of the same stream.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> GetDueAsync(string channel, DateTimeOffset nowUtc, int limit, CancellationToken cancellationToken);

    /// <summary>Records the receiver's confirmation: a <c>pending</c> or <c>handed</c> message becomes <c>sent</c>.</summary>
    Task MarkSentAsync(long messageId, DateTimeOffset atUtc, CancellationToken cancellationToken);

    /// <summary>
    /// The durable commit before the point of no return: a <c>pending</c> message becomes <c>handed</c>. Returns false
    /// (and changes nothing) when the message was not pending, in which case the sender must not hand it over.
    /// </summary>
    Task<bool> MarkHandedAsync(long messageId, DateTimeOffset atUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Start-up recovery: every <c>handed</c> message (its sender died between the hand-over and the confirmation) becomes
    /// <c>sent_unconfirmed</c> and is returned; it is never resent, because the receiver may already have it.
    /// </summary>
    Task<IReadOnlyList<OutboxMessage>> MarkInDoubtAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken);

    /// <summary>
    /// Records a failed attempt of a <c>pending</c> or <c>handed</c> message: back to pending and retry at
    /// <paramref name="nextDueUtc"/>, or dead when <paramref name="dead"/>.
    /// </summary>
    Task MarkFailedAsync(long messageId, string error, DateTimeOffset nextDueUtc, bool dead, CancellationToken cancellationToken);

    Task<AlertRecord?> GetAlertAsync(long alertId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AlertRecord>> ListAlertsAsync(int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<AlertRecord>> ListAlertsOfIncidentAsync(long incidentId, CancellationToken cancellationToken);

    Task<IReadOnlyList<OutboxMessage>> GetMessagesAsync(long alertId, CancellationToken cancellationToken);

    /// <summary>Dead letters not yet reported to the duty desk, oldest first.</summary>
    Task<IReadOnlyList<OutboxMessage>> GetUnreportedDeadAsync(int limit, CancellationToken cancellationToken);

    Task MarkDeadReportedAsync(long messageId, CancellationToken cancellationToken);

    /// <summary>Acknowledges an open alert and cancels its escalation timers; false when it was not open (already acknowledged, or unknown).</summary>
    Task<bool> AcknowledgeAsync(long alertId, string by, string via, DateTimeOffset atUtc, CancellationToken cancellationToken);

    /// <summary>Inhibition: marks the incident's other open alerts <c>superseded</c>, drops their unsent notifications and cancels their escalation timers.</summary>
    Task SupersedeAsync(long incidentId, long currentAlertId, CancellationToken cancellationToken);

    Task<IReadOnlyList<AlertTimer>> GetDueTimersAsync(DateTimeOffset nowUtc, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<AlertTimer>> GetTimersAsync(long alertId, CancellationToken cancellationToken);

    /// <summary>Marks a timer fired and enqueues what it produced, in one transaction (a crash re-fires it, and the keys keep messages single).</summary>
    Task CompleteTimerAsync(long timerId, IReadOnlyList<OutboxMessage> produced, CancellationToken cancellationToken);

    Task<Silence> AddSilenceAsync(long incidentId, string by, string reason, DateTimeOffset createdUtc, DateTimeOffset expiresUtc, CancellationToken cancellationToken);

    Task<IReadOnlyList<Silence>> GetActiveSilencesAsync(DateTimeOffset nowUtc, CancellationToken cancellationToken);

    /// <summary>The last time a message of <paramref name="orderKey"/> was enqueued for any recipient (grouping).</summary>
    Task<DateTimeOffset?> LastEnqueuedAsync(string orderKey, CancellationToken cancellationToken);
}
