using Microsoft.Extensions.Logging;

namespace SentimentWatch.Alerting.Delivery;

/// <summary>Delivery log messages (event ids 3300–3349).</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(3300, LogLevel.Debug, "Delivered outbox message {MessageId} via {Channel} to {Recipient}")]
    public static partial void Delivered(ILogger logger, long messageId, string channel, string recipient);

    [LoggerMessage(3301, LogLevel.Warning, "Outbox message {MessageId} via {Channel} failed (attempt {Attempts}); retry at {NextUtc}: {Error}")]
    public static partial void Retrying(ILogger logger, long messageId, string channel, int attempts, DateTimeOffset nextUtc, string error);

    [LoggerMessage(3302, LogLevel.Error, "Outbox message {MessageId} via {Channel} to {Recipient} is a dead letter after {Attempts} attempts: {Error}")]
    public static partial void DeadLetter(ILogger logger, long messageId, string channel, string recipient, int attempts, string error);

    [LoggerMessage(3303, LogLevel.Error, "Delivery pass for channel {Channel} failed; it will be retried")]
    public static partial void ChannelPassFailed(ILogger logger, string channel, Exception exception);

    [LoggerMessage(3304, LogLevel.Warning, "Outbox message {MessageId} via {Channel} to {Recipient} is in doubt: it was handed over at {HandedUtc} but its sender stopped before the receiver confirmed. It is not resent (marked sent_unconfirmed); the alert's acknowledgement timers still escalate if nobody acknowledges")]
    public static partial void InDoubt(ILogger logger, long messageId, string channel, string recipient, DateTimeOffset? handedUtc);

    [LoggerMessage(3305, LogLevel.Information, "Outbox message {MessageId} via {Channel} was not sent: it stopped being pending (e.g. superseded) before the point of no return")]
    public static partial void NotHandedOver(ILogger logger, long messageId, string channel);

    [LoggerMessage(3306, LogLevel.Error, "Outbox start-up recovery failed; delivery waits until it succeeds")]
    public static partial void RecoveryFailed(ILogger logger, Exception exception);

    [LoggerMessage(3307, LogLevel.Error, "Outbox message {MessageId} via {Channel} was accepted by the receiver but the store could not record it; it is not resent and will show as in doubt after the next start")]
    public static partial void ConfirmationNotRecorded(ILogger logger, long messageId, string channel, Exception exception);
}
