namespace SentimentWatch.Core.Evidence;

public enum TakedownState
{
    /// <summary>Requested; the URL is re-checked on schedule.</summary>
    Open,
    /// <summary>A re-check found the content gone (deleted page, 404/410, soft 404).</summary>
    Removed,
}

/// <summary>What one re-check of a takedown URL saw.</summary>
public enum TakedownObservation
{
    StillOnline,
    Removed,
    /// <summary>Captcha, login wall, network failure: neither online nor removed can be claimed.</summary>
    Inconclusive,
}

/// <summary>A takedown requested for a post or URL.</summary>
public sealed record TakedownRequest(
    long Id,
    long? PostId,
    Uri Url,
    DateTimeOffset RequestedAtUtc,
    DateTimeOffset DeadlineUtc,
    string RequestedBy,
    string? Note,
    TakedownState State,
    DateTimeOffset? LastCheckedAtUtc,
    DateTimeOffset? RemovedAtUtc,
    DateTimeOffset? OverdueAlertedAtUtc);

/// <summary>One re-check, with the evidence packet that captured what was seen.</summary>
public sealed record TakedownCheck(long TakedownId, DateTimeOffset CheckedAtUtc, TakedownObservation Observation, string EvidenceId, string Detail);

/// <summary>Durable takedown requests and their re-checks.</summary>
public interface ITakedownStore
{
    Task<long> AddAsync(long? postId, Uri url, DateTimeOffset requestedAtUtc, DateTimeOffset deadlineUtc, string requestedBy, string? note, CancellationToken cancellationToken);

    Task<TakedownRequest?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>All requests (newest first), or only those still <see cref="TakedownState.Open"/>.</summary>
    Task<IReadOnlyList<TakedownRequest>> ListAsync(bool openOnly, CancellationToken cancellationToken);

    /// <summary>
    /// Requests for any of <paramref name="postIds"/> or <paramref name="urls"/> (one incident's posts), oldest first.
    /// The default filters <see cref="ListAsync"/>; a store should answer it with one bounded query.
    /// </summary>
    async Task<IReadOnlyList<TakedownRequest>> ListForPostsAsync(IReadOnlyCollection<long> postIds, IReadOnlyCollection<string> urls, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(postIds);
        ArgumentNullException.ThrowIfNull(urls);
        var ids = postIds.ToHashSet();
        var links = urls.ToHashSet(StringComparer.Ordinal);
        return [.. (await ListAsync(false, cancellationToken).ConfigureAwait(false))
            .Where(t => (t.PostId is { } p && ids.Contains(p)) || links.Contains(t.Url.AbsoluteUri)).OrderBy(t => t.RequestedAtUtc).ThenBy(t => t.Id)];
    }

    /// <summary>Appends a check; a <see cref="TakedownObservation.Removed"/> check closes the request.</summary>
    Task RecordCheckAsync(TakedownCheck check, CancellationToken cancellationToken);

    Task<IReadOnlyList<TakedownCheck>> GetChecksAsync(long takedownId, CancellationToken cancellationToken);

    Task MarkOverdueAlertedAsync(long takedownId, DateTimeOffset atUtc, CancellationToken cancellationToken);
}

/// <summary>A takedown whose content is still online after its deadline.</summary>
public sealed record TakedownOverdue(TakedownRequest Request, TakedownCheck LastCheck);

/// <summary>A capture that was not genuine content (captcha, login wall, deleted page, timeout, …).</summary>
/// <param name="FrozenFromCrawlCopy">True when the post was still frozen from its crawl-time copy.</param>
public sealed record EvidenceCaptureFailed(string EvidenceId, Uri Url, string? AlertId, string Reason, bool FrozenFromCrawlCopy);

/// <summary>
/// Events the evidence side raises for the duty desk. The default implementation only logs; alerting registers
/// its own to route them (mail, webhooks) like any alert.
/// </summary>
public interface IEvidenceEventSink
{
    Task CaptureFailedAsync(EvidenceCaptureFailed failure, CancellationToken cancellationToken);

    Task TakedownOverdueAsync(TakedownOverdue overdue, CancellationToken cancellationToken);
}

/// <summary>Takedown tracking: request, re-check on schedule, alert past the deadline.</summary>
public interface ITakedownTracker
{
    Task<TakedownRequest> RequestAsync(long? postId, Uri? url, DateTimeOffset? deadlineUtc, string requestedBy, string? note, CancellationToken cancellationToken);

    /// <summary>Re-checks every open request whose check is due; returns the checks made.</summary>
    Task<IReadOnlyList<TakedownCheck>> CheckDueAsync(CancellationToken cancellationToken);
}
