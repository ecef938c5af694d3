using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;

namespace SentimentWatch.Crawler.Collection;

/// <summary>Counts what one source run did; becomes the run's <see cref="SourceRunReport"/>.</summary>
internal sealed class RunTally(string sourceId, DateTimeOffset startedAtUtc)
{
    private readonly Dictionary<int, int> _statusCounts = [];
    private readonly List<SourceFailure> _failures = [];

    public int PagesFetched { get; private set; }

    public int PagesSucceeded { get; private set; }

    public int ItemsParsed { get; private set; }

    public int NewPosts { get; private set; }

    public int UpdatedPosts { get; private set; }

    public int DeletedPosts { get; private set; }

    public IReadOnlyList<SourceFailure> Failures => _failures;

    public void Fetched(HttpExchange? exchange)
    {
        PagesFetched++;
        if (exchange is not null)
        {
            _statusCounts[exchange.StatusCode] = _statusCounts.GetValueOrDefault(exchange.StatusCode) + 1;
        }
    }

    public void PageSucceeded(int items)
    {
        PagesSucceeded++;
        ItemsParsed += items;
    }

    public void Stored(IEnumerable<PostWriteResult> results)
    {
        foreach (var r in results)
        {
            if (r.Outcome == PostWriteOutcome.New)
            {
                NewPosts++;
            }
            else if (r.Outcome == PostWriteOutcome.Edited)
            {
                UpdatedPosts++;
            }
        }
    }

    public void Deleted() => DeletedPosts++;

    public void Fail(SourceFailure failure) => _failures.Add(failure);

    public SourceRunReport ToReport(DateTimeOffset finishedAtUtc)
    {
        var status = _failures.Count == 0 ? SourceRunStatus.Ok
            : PagesSucceeded > 0 ? SourceRunStatus.Partial
            : SourceRunStatus.Failed;
        return new SourceRunReport(sourceId, startedAtUtc, finishedAtUtc, status, PagesFetched, ItemsParsed, NewPosts, UpdatedPosts, DeletedPosts,
            new Dictionary<int, int>(_statusCounts), _failures.ToList());
    }
}
