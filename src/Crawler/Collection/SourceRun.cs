using Microsoft.Extensions.Logging;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Fetching;
using SentimentWatch.Crawler.Parsing;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Collection;

/// <summary>
/// The state of one run of one source, handed to the parts that do the run's jobs (<see cref="ListWalker"/>,
/// <see cref="ThreadReader"/>, <see cref="Recrawler"/>): what it counted, where its cursor stands, what it still has to
/// save or mark. The parts themselves hold no run state, so one of each serves every source.
/// </summary>
internal sealed class SourceRun(SourceOptions source, RunTally tally, SourceCursor cursor, int detailBudget, ILogger logger)
{
    private readonly int _maxDetailPages = detailBudget;
    private int _detailBudget = detailBudget;

    public SourceOptions Source => source;

    public RunTally Tally => tally;

    public SourceCursor Cursor => cursor;

    /// <summary>
    /// The source's merged headers and cookie (profile and source), still as written (<c>env:</c>/<c>secret:</c> references
    /// are resolved by the fetcher, which also keeps their values out of stored exchanges).
    /// </summary>
    public IReadOnlyDictionary<string, string> RequestHeaders { get; } = source.Cookie is null
        ? source.Headers
        : new Dictionary<string, string>(source.Headers, StringComparer.OrdinalIgnoreCase) { ["Cookie"] = source.Cookie };

    /// <summary>Platform ids of replies pages showed as removed, marked deleted once stored.</summary>
    public List<string> DeletedReplies { get; } = [];

    /// <summary>Validators of fetched pages, saved only after the pages' posts are committed.</summary>
    public List<UrlValidators> ValidatorsToSave { get; } = [];

    /// <summary>The most detail pages a run may fetch (<see cref="CollectionOptions.MaxDetailPagesPerRun"/>), for messages.</summary>
    public int MaxDetailPages => _maxDetailPages;

    /// <summary>Takes one detail page from the run's budget; false when it is spent.</summary>
    public bool TakeDetailPage() => _detailBudget-- > 0;

    /// <summary>A logged-in source met a login wall: every further page would meet it too, so the run ends there.</summary>
    public bool SessionEnded => source.Cookie is not null && tally.Failures.Any(f => f.Kind == SourceFailureKind.LoginWall);

    public void Fail(SourceFailure failure)
    {
        tally.Fail(failure);
        CollectionLog.PageFailed(logger, source.Id, failure.Kind.ToString(), failure.Url?.AbsoluteUri, failure.Reason);
    }

    /// <summary>What a page passed over (skipped items, per-role hits, parser notes) goes on the run report.</summary>
    public void TallyPassedOver(ParsedPage parsed, Uri pageUrl)
    {
        tally.Skipped(parsed.Skipped);
        tally.Roles(parsed.RoleHits);
        foreach (var note in parsed.Notes)
        {
            tally.Note(note, pageUrl.AbsoluteUri);
        }
    }

    /// <summary>A page that was not finished must be fetched in full next time, never answered 304.</summary>
    public void ForgetValidators(params IEnumerable<Uri> urls)
    {
        var set = urls.Select(u => u.AbsoluteUri).ToHashSet(StringComparer.Ordinal);
        ValidatorsToSave.RemoveAll(v => set.Contains(v.Url.AbsoluteUri));
    }

    public void ForgetValidators(params IEnumerable<string> urls) => ForgetValidators(urls.Select(u => new Uri(u)));

    /// <summary>Logs a post recorded deleted under the run's source.</summary>
    public void LogDeleted(long postId, Uri url, string reason) => CollectionLog.PostDeleted(logger, source.Id, postId, url.AbsoluteUri, reason);
}
