using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Delivery;

/// <summary>
/// Drains the outbox: at least once, in order per (channel, recipient, incident), with exponential backoff, and each
/// channel on its own task so a dead mail server never holds up a webhook. After <see cref="DeliveryOptions.MaxAttempts"/>
/// failures (or a permanent refusal such as a bounce) a message becomes a dead letter, which the pipeline alerts.
/// </summary>
internal sealed class OutboxDispatcher(
    IAlertStore store,
    IEnumerable<INotificationSender> senders,
    IOptions<RoutingOptions> routing,
    IOptions<DeliveryOptions> delivery,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger)
{
    private static readonly ChannelOptions EvidenceChannel = new() { Type = EvidenceSender.Channel };

    private readonly Dictionary<string, INotificationSender> _senders = senders.ToDictionary(s => s.Type, StringComparer.Ordinal);

    /// <summary>One pass over every channel with pending messages; returns how many messages were delivered.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var channels = await store.PendingChannelsAsync(cancellationToken).ConfigureAwait(false);
        var results = await Task.WhenAll(channels.Select(c => DrainChannelAsync(c, cancellationToken))).ConfigureAwait(false);
        return results.Sum();
    }

    private async Task<int> DrainChannelAsync(string channelName, CancellationToken cancellationToken)
    {
        var sent = 0;
        try
        {
            // Only the head of each stream is due at a time, so keep fetching while heads are being delivered; a
            // pass ends when nothing more succeeds (the rest is backing off) or after a bounded amount of work.
            for (var round = 0; round < 100; round++)
            {
                var due = await store.GetDueAsync(channelName, time.GetUtcNow(), delivery.Value.BatchSize, cancellationToken).ConfigureAwait(false);
                var progress = 0;
                foreach (var message in due)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (await DeliverAsync(channelName, message, cancellationToken).ConfigureAwait(false))
                    {
                        progress++;
                    }
                }

                sent += progress;
                if (progress == 0)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Isolation: a store or channel fault ends this channel's pass only; the next pass retries.
            DeliveryLog.ChannelPassFailed(logger, channelName, ex);
        }

        return sent;
    }

    private async Task<bool> DeliverAsync(string channelName, OutboxMessage message, CancellationToken cancellationToken)
    {
        string? error = null;
        var permanent = false;
        var channel = channelName == EvidenceSender.Channel ? EvidenceChannel : routing.Value.Channels.GetValueOrDefault(channelName);
        if (channel is null)
        {
            error = $"channel '{channelName}' is no longer configured";
            permanent = true;
        }
        else if (!_senders.TryGetValue(channel.Type, out var sender))
        {
            error = $"no sender for channel type '{channel.Type}'";
            permanent = true;
        }
        else
        {
            try
            {
                await sender.SendAsync(message, channel, cancellationToken).ConfigureAwait(false);
                await store.MarkSentAsync(message.Id, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                DeliveryLog.Delivered(logger, message.Id, channelName, message.Recipient);
                return true;
            }
            catch (DeliveryException ex)
            {
                error = ex.Message;
                permanent = ex.Permanent;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                error = ex.GetType().Name + ": " + ex.Message;
            }
        }

        var attempts = message.Attempts + 1;
        var dead = permanent || attempts >= delivery.Value.MaxAttempts;
        var next = time.GetUtcNow() + Backoff(attempts);
        await store.MarkFailedAsync(message.Id, error, next, dead, cancellationToken).ConfigureAwait(false);
        if (dead)
        {
            DeliveryLog.DeadLetter(logger, message.Id, channelName, message.Recipient, attempts, error);
        }
        else
        {
            DeliveryLog.Retrying(logger, message.Id, channelName, attempts, next, error);
        }

        return false;
    }

    internal TimeSpan Backoff(int attempts)
    {
        var o = delivery.Value;
        var seconds = Math.Min(o.BackoffMaxSeconds, o.BackoffBaseSeconds * Math.Pow(2, Math.Max(0, attempts - 1)));
        return TimeSpan.FromSeconds(seconds);
    }
}
