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
/// <remarks>
/// Exactly-once at the receiver despite kill -9: each message is marked <c>handed</c> in the store immediately before
/// the sender crosses the point of no return (<see cref="IDeliveryHandover"/>), then <c>sent</c> on confirmation. A
/// failure we see while alive (error reply, broken connection, shutdown mid-send) puts it back to <c>pending</c> — a
/// possible duplicate is preferred over a loss when we know something went wrong. A <c>handed</c> row found when a
/// process starts is in doubt: it becomes <c>sent_unconfirmed</c> and is not resent; the alert's acknowledgement
/// timers (which do not look at delivery states) escalate it if nobody acknowledges. One delivery process per database.
/// </remarks>
internal sealed class OutboxDispatcher(
    IAlertStore store,
    IEnumerable<INotificationSender> senders,
    IOptions<RoutingOptions> routing,
    IOptions<DeliveryOptions> delivery,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger,
    IOptions<Core.Exercise.ExerciseOptions>? exercise = null)
{
    private static readonly ChannelOptions EvidenceChannel = new() { Type = EvidenceSender.Channel };

    private readonly Dictionary<string, INotificationSender> _senders = senders.ToDictionary(s => s.Type, StringComparer.Ordinal);

    private volatile bool _recovered;

    /// <summary>
    /// One pass over every channel with pending messages; returns how many messages were delivered. The first pass of
    /// a process first settles the messages a previous process left in doubt (<see cref="RecoverAsync"/>); if that
    /// fails the pass throws and nothing is sent.
    /// </summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        if (!_recovered)
        {
            await RecoverAsync(cancellationToken).ConfigureAwait(false);
        }

        var channels = await store.PendingChannelsAsync(cancellationToken).ConfigureAwait(false);
        var results = await Task.WhenAll(channels.Select(c => DrainChannelAsync(c, cancellationToken))).ConfigureAwait(false);
        return results.Sum();
    }

    /// <summary>Marks every <c>handed</c> message <c>sent_unconfirmed</c> (never resent) and logs each; returns how many.</summary>
    public async Task<int> RecoverAsync(CancellationToken cancellationToken)
    {
        var inDoubt = await store.MarkInDoubtAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        foreach (var m in inDoubt)
        {
            DeliveryLog.InDoubt(logger, m.Id, m.Channel, m.Recipient, m.HandedUtc);
        }

        _recovered = true;
        return inDoubt.Count;
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

    /// <summary>During a drill (<c>Exercise:Marker</c>), everything that leaves says so in its subject and first line.</summary>
    private OutboxMessage Marked(OutboxMessage message)
    {
        var marker = exercise?.Value.Marker ?? string.Empty;
        return marker.Length == 0 || message.Subject.StartsWith(marker, StringComparison.Ordinal)
            ? message
            : message with
            {
                Subject = marker + message.Subject,
                TextBody = marker + "\n" + message.TextBody,
                HtmlBody = message.HtmlBody is null ? null : $"<p><b>{System.Net.WebUtility.HtmlEncode(marker)}</b></p>" + message.HtmlBody,
            };
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
            var handover = new Handover(store, message.Id, time);
            try
            {
                await sender.SendAsync(Marked(message), channel, handover, cancellationToken).ConfigureAwait(false);

                // The receiver has confirmed: record it even if shutdown has begun, or a restart would resend (no
                // hand-over) or report in doubt (hand-over) a message that is known to be delivered.
                try
                {
                    await store.MarkSentAsync(message.Id, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    // Never treat a store failure after the receiver's confirmation as a delivery failure: that would
                    // make the message pending and send it again. The row stays handed (not due) and the next start
                    // settles it as in doubt.
                    DeliveryLog.ConfirmationNotRecorded(logger, message.Id, channelName, ex);
                    return true;
                }

                DeliveryLog.Delivered(logger, message.Id, channelName, message.Recipient);
                Core.Operations.SentimentWatchMetrics.AlertDelivered(channelName, time.GetUtcNow() - message.CreatedUtc);
                return true;
            }
            catch (HandoverRefusedException)
            {
                DeliveryLog.NotHandedOver(logger, message.Id, channelName);
                return false;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                if (handover.IsCommitted)
                {
                    // Shutdown cut the exchange after the hand-over: we know it was not confirmed, so make it pending again.
                    await store.MarkFailedAsync(message.Id, "interrupted by shutdown after the hand-over", time.GetUtcNow(), dead: false, CancellationToken.None).ConfigureAwait(false);
                }

                throw;
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
        // Recorded even when shutdown has begun (a stop often surfaces as a broken connection rather than a cancellation):
        // a handed row left behind would be taken for a crash and never retried.
        await store.MarkFailedAsync(message.Id, error, next, dead, CancellationToken.None).ConfigureAwait(false);
        Core.Operations.SentimentWatchMetrics.DeliveryFailed(channelName, dead);
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
        var ticks = Math.Min(o.BackoffMax.Ticks, o.BackoffBase.Ticks * Math.Pow(2, Math.Max(0, attempts - 1)));
        return TimeSpan.FromTicks((long)ticks);
    }

    /// <summary>Marks the row <c>handed</c>; called synchronously by the sender immediately before the point of no return.</summary>
    private sealed class Handover(IAlertStore store, long messageId, TimeProvider time) : IDeliveryHandover
    {
        public bool IsCommitted { get; private set; }

        public void Commit()
        {
            if (IsCommitted)
            {
                return;
            }

            // The callers (MailKit's progress report, HttpContent serialisation) are synchronous at this point, and
            // Microsoft.Data.Sqlite runs its async methods synchronously, so this waits only for the local write.
            if (!store.MarkHandedAsync(messageId, time.GetUtcNow(), CancellationToken.None).GetAwaiter().GetResult())
            {
                throw new HandoverRefusedException(messageId);
            }

            IsCommitted = true;
        }
    }
}
