using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Delivery;

/// <summary>Delivers one outbox message over one kind of channel. Throws <see cref="DeliveryException"/> (or any exception) on failure.</summary>
internal interface INotificationSender
{
    /// <summary>Channel type handled (<c>email</c>, <c>webhook</c>, <c>wecom</c>, <c>dingtalk</c>).</summary>
    string Type { get; }

    Task SendAsync(OutboxMessage message, ChannelOptions channel, CancellationToken cancellationToken);
}

/// <summary>A delivery the receiver refused; <see cref="Permanent"/> when retrying cannot help (bad address, 4xx).</summary>
internal sealed class DeliveryException(string message, bool permanent, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}
