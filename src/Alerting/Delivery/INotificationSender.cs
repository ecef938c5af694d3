using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Delivery;

/// <summary>Delivers one outbox message over one kind of channel. Throws <see cref="DeliveryException"/> (or any exception) on failure.</summary>
internal interface INotificationSender
{
    /// <summary>Channel type handled (<c>email</c>, <c>webhook</c>, <c>wecom</c>, <c>dingtalk</c>).</summary>
    string Type { get; }

    /// <summary>
    /// Sends <paramref name="message"/>. A sender whose protocol has a point of no return (SMTP's final <c>.</c>, the
    /// last byte of an HTTP body) calls <see cref="IDeliveryHandover.Commit"/> synchronously immediately before the
    /// write that crosses it, and must not cross it if Commit throws. Senders without one may ignore the hand-over.
    /// </summary>
    Task SendAsync(OutboxMessage message, ChannelOptions channel, IDeliveryHandover handover, CancellationToken cancellationToken);
}

/// <summary>
/// The durable commit before the point of no return. After <see cref="Commit"/> the outbox row is <c>handed</c>: if the
/// process then dies before the receiver's confirmation, the message is "in doubt" and is not resent (SMTP has no
/// idempotency, so a resend would be a duplicate whenever the receiver had already accepted it).
/// </summary>
internal interface IDeliveryHandover
{
    /// <summary>Records the hand-over (once; later calls do nothing). Throws when it cannot be recorded.</summary>
    void Commit();

    /// <summary>Whether <see cref="Commit"/> has recorded the hand-over.</summary>
    bool IsCommitted { get; }
}

/// <summary>A delivery the receiver refused; <see cref="Permanent"/> when retrying cannot help (bad address, 4xx).</summary>
internal sealed class DeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}

/// <summary>The outbox row was no longer pending when the sender reached the point of no return (e.g. superseded meanwhile), so nothing was handed over.</summary>
internal sealed class HandoverRefusedException(long messageId) : Exception($"outbox message {messageId} is no longer pending; it was not handed over")
{
    public long MessageId { get; } = messageId;
}
