using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Storage;

namespace SentimentWatch.Evidence;

/// <summary>
/// Takedown tracking: each due re-check freezes the URL again (its own packet), classifies it as still online,
/// removed or inconclusive, and raises <see cref="IEvidenceEventSink.TakedownOverdueAsync"/> once when the content
/// is still online past the deadline.
/// </summary>
internal sealed class TakedownTracker(
    ITakedownStore takedowns,
    EvidenceFreezer freezer,
    IEvidenceEventSink events,
    IOptions<EvidenceOptions> options,
    TimeProvider time,
    IPostStore posts,
    SecretRedactor redactor,
    ILogger<TakedownTracker> logger) : ITakedownTracker
{
    public async Task<TakedownRequest> RequestAsync(long? postId, Uri? url, DateTimeOffset? deadlineUtc, string requestedBy, string? note, CancellationToken cancellationToken)
    {
        if (url is null)
        {
            if (postId is null)
            {
                throw new ArgumentException("a takedown needs a post id or a URL");
            }

            url = (await posts.GetPostAsync(postId.Value, cancellationToken).ConfigureAwait(false) ?? throw new KeyNotFoundException($"no stored post {postId}")).Url;
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException($"'{url}' is not an absolute http(s) URL");
        }

        var now = time.GetUtcNow();
        var deadline = deadlineUtc ?? now + options.Value.Takedowns.DefaultDeadline;
        var id = await takedowns.AddAsync(postId, url, now, deadline, requestedBy, note, cancellationToken).ConfigureAwait(false);
        return (await takedowns.GetAsync(id, cancellationToken).ConfigureAwait(false))!;
    }

    public async Task<IReadOnlyList<TakedownCheck>> CheckDueAsync(CancellationToken cancellationToken)
    {
        var interval = options.Value.Takedowns.CheckInterval;
        var checks = new List<TakedownCheck>();
        foreach (var request in await takedowns.ListAsync(openOnly: true, cancellationToken).ConfigureAwait(false))
        {
            var now = time.GetUtcNow();
            if (request.LastCheckedAtUtc is { } last && now - last < interval && !(now > request.DeadlineUtc && request.OverdueAlertedAtUtc is null && last <= request.DeadlineUtc))
            {
                continue;
            }

            checks.Add(await CheckAsync(request, cancellationToken).ConfigureAwait(false));
        }

        return checks;
    }

    private async Task<TakedownCheck> CheckAsync(TakedownRequest request, CancellationToken cancellationToken)
    {
        var outcome = await freezer.FreezeAsync(new FreezeRequest(request.Url, null, null, null, request.RequestedBy, $"takedown-check #{request.Id}"), cancellationToken).ConfigureAwait(false);
        var observation = outcome.FreshVerdict == CaptureVerdict.Genuine ? TakedownObservation.StillOnline
            : BlockPageDetector.IsRemoval(outcome.FreshVerdict) ? TakedownObservation.Removed
            : TakedownObservation.Inconclusive;
        var now = time.GetUtcNow();
        var check = new TakedownCheck(request.Id, now, observation, outcome.Item.Id, $"{outcome.FreshVerdict}: {outcome.FreshReason}");
        await takedowns.RecordCheckAsync(check, cancellationToken).ConfigureAwait(false);
        EvidenceLog.TakedownChecked(logger, request.Id, observation.ToString(), outcome.Item.Id);
        if (observation == TakedownObservation.StillOnline && now > request.DeadlineUtc && request.OverdueAlertedAtUtc is null)
        {
            var safeUrl = redactor.Redact(request.Url);
            EvidenceLog.TakedownOverdue(logger, request.Id, safeUrl, request.DeadlineUtc);
            // The event becomes a message to the duty desk: it carries the URL without its credentials.
            await events.TakedownOverdueAsync(new TakedownOverdue(request with { Url = new Uri(safeUrl) }, check), cancellationToken).ConfigureAwait(false);
            await takedowns.MarkOverdueAlertedAsync(request.Id, now, cancellationToken).ConfigureAwait(false);
        }

        return check;
    }
}

/// <summary>Runs takedown re-checks on a timer inside the worker (opt-in: <c>Evidence:Takedowns:RunInBackground</c>).</summary>
internal sealed class TakedownMonitor(ITakedownTracker tracker, IOptions<EvidenceOptions> options, TimeProvider time, ILogger<TakedownMonitor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Takedowns.RunInBackground)
        {
            return;
        }

        // Re-check at a fraction of the interval so a due check waits at most that long.
        var tick = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, options.Value.Takedowns.CheckInterval.Ticks / 4));
        using var timer = new PeriodicTimer(tick, time);
        do
        {
            try
            {
                await tracker.CheckDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                EvidenceLog.TakedownRoundFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}

/// <summary>Default event sink: logs. Alerting replaces it to route the events to the duty desk.</summary>
internal sealed class LoggingEvidenceEventSink(ILogger<LoggingEvidenceEventSink> logger) : IEvidenceEventSink
{
    public Task CaptureFailedAsync(EvidenceCaptureFailed failure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(failure);
        EvidenceLog.Problem(logger, failure.EvidenceId, $"capture failed: {failure.Reason}");
        return Task.CompletedTask;
    }

    public Task TakedownOverdueAsync(TakedownOverdue overdue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(overdue);
        EvidenceLog.TakedownOverdue(logger, overdue.Request.Id, SecretText.Redact(overdue.Request.Url), overdue.Request.DeadlineUtc);
        return Task.CompletedTask;
    }
}
