using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Posts;

namespace SentimentWatch.Crawler.Collection;

/// <summary>Counts what one source run did; becomes the run's <see cref="SourceRunReport"/>.</summary>
internal sealed class RunTally(string sourceId, DateTimeOffset startedAtUtc)
{
    private readonly Dictionary<int, int> _statusCounts = [];
    private readonly List<SourceFailure> _failures = [];
    private readonly Dictionary<string, int> _skipped = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (int Count, string First)> _notes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, RoleMatch> _roles = new(StringComparer.Ordinal);

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

    /// <summary>Items a page passed over, by reason (<see cref="Parsing.ParsedPage.Skipped"/>).</summary>
    public void Skipped(IReadOnlyDictionary<string, int> byReason) => Parsing.ParseResults.AddSkips(_skipped, byReason);

    /// <summary>Adds a page's per-role hits (<see cref="Parsing.ParsedPage.RoleHits"/>).</summary>
    public void Roles(IReadOnlyDictionary<string, RoleMatch> hits) => Parsing.ParseResults.AddRoleHits(_roles, hits);

    /// <summary>Something the run passed over without failing; repeats of the same <paramref name="what"/> are counted, the first example kept.</summary>
    public void Note(string what, string example)
    {
        var (count, first) = _notes.GetValueOrDefault(what, (0, example));
        _notes[what] = (count + 1, first);
    }

    /// <summary>Records a failure once: the same page failing the same way twice in a run (read by the list walk and again
    /// by the recrawl) is one line of the summary, not two.</summary>
    public void Fail(SourceFailure failure)
    {
        if (!_failures.Contains(failure))
        {
            _failures.Add(failure);
        }
    }

    public SourceRunReport ToReport(DateTimeOffset finishedAtUtc)
    {
        var status = _failures.Count == 0 ? SourceRunStatus.Ok
            : PagesSucceeded > 0 ? SourceRunStatus.Partial
            : SourceRunStatus.Failed;
        var notes = new List<string>();
        if (_skipped.Count > 0)
        {
            notes.Add("skipped: " + string.Join(", ", _skipped.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Value} ({kv.Key})")));
        }

        notes.AddRange(_notes.Select(kv => kv.Value.Count == 1 ? $"{kv.Key}: {kv.Value.First}" : $"{kv.Key}: {kv.Value.Count} (first: {kv.Value.First})"));
        return new SourceRunReport(sourceId, startedAtUtc, finishedAtUtc, status, PagesFetched, ItemsParsed, NewPosts, UpdatedPosts, DeletedPosts,
            new Dictionary<int, int>(_statusCounts), _failures.ToList())
        {
            Notes = notes,
            RoleMatches = new Dictionary<string, RoleMatch>(_roles, StringComparer.Ordinal),
        };
    }
}
