using SentimentWatch.Core.Evidence;

namespace SentimentWatch.DutyConsole.Incidents;

/// <summary>A takedown request of one of an incident's posts, with its latest re-check.</summary>
public sealed record TakedownRow(TakedownRequest Request, TakedownCheck? LastCheck, bool Overdue);

internal static class TakedownRows
{
    /// <summary>
    /// The takedown requests that name one of <paramref name="postIds"/> or one of <paramref name="urls"/> (a request made
    /// by URL only), newest first, with their latest check; overdue when still open past the deadline.
    /// </summary>
    public static async Task<IReadOnlyList<TakedownRow>> ForAsync(ITakedownStore store, IReadOnlySet<long> postIds, IReadOnlySet<string> urls, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var rows = new List<TakedownRow>();
        foreach (var request in await store.ListAsync(openOnly: false, cancellationToken).ConfigureAwait(false))
        {
            if (request.PostId is { } p ? !postIds.Contains(p) : !urls.Contains(request.Url.AbsoluteUri))
            {
                continue;
            }

            var checks = await store.GetChecksAsync(request.Id, cancellationToken).ConfigureAwait(false);
            rows.Add(new TakedownRow(request, checks.Count == 0 ? null : checks[^1], request.State == TakedownState.Open && now > request.DeadlineUtc));
        }

        return rows;
    }
}
