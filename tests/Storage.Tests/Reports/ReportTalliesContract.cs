using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Collection;
using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Reports;

/// <summary>The period counts of <see cref="Core.Reports.IReportQueries"/> (tally by bucket, platform and label; source health) on every provider.</summary>
public abstract class ReportTalliesContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private static readonly DateTimeOffset From = new(2026, 6, 20, 0, 0, 0, TimeSpan.Zero);

    private static ClassificationResult Result(string label) => new(label, 0.9, new Dictionary<string, double> { [label] = 0.9 }, [], [], "m1");

    [Fact]
    public async Task TallyAsync_BucketsByFirstSeen_CurrentVersionsLabel_OutsideThePeriodNotCounted()
    {
        var posts = Provider.Posts();
        var labels = Provider.Classifications();
        // 00:10:00.9 (a fraction past the second), 00:59:59, 01:00:00 (the next bucket's first second), 02:30 (outside).
        var seen = new[] { From.AddMinutes(10).AddMilliseconds(900), From.AddHours(1).AddSeconds(-1), From.AddHours(1), From.AddHours(2.5) };
        var ids = new List<long>();
        for (var i = 0; i < seen.Length; i++)
        {
            ids.Add((await posts.UpsertPostAsync(Support.Some.Post(id: $"{2000 + i}", text: $"第{i}条：出法考答案"), seen[i], Ct)).PostId);
        }

        await labels.SaveAsync(ids[0], 1, From, Result(Labels.AnswerSelling), Ct);
        await labels.SaveAsync(ids[1], 1, From, Result(Labels.Normal), Ct);
        await labels.SaveAsync(ids[3], 1, From, Result(Labels.AnswerSelling), Ct);

        var tally = await Provider.ReportTallies().TallyAsync(From, From.AddHours(2), TimeSpan.FromHours(1), Ct);

        Assert.Equal(3, tally.Posts);
        Assert.Equal(new Dictionary<string, long> { ["tieba"] = 3 }, tally.PostsByPlatform);
        Assert.Equal(new Dictionary<string, long> { [Labels.AnswerSelling] = 1 }, tally.FlaggedByLabel);
        Assert.Equal([(From, 2L, 1L), (From.AddHours(1), 1L, 0L)], tally.Buckets.Select(b => (b.StartUtc, b.Posts, b.Flagged)));
    }

    [Fact]
    public async Task SourceHealthAsync_RunsAndEventsInThePeriod_PerSource()
    {
        var state = Provider.SourceState();
        await state.RecordRunAsync(Run("tieba", From.AddMinutes(1), SourceRunStatus.Ok, 3), Ct);
        await state.RecordRunAsync(Run("tieba", From.AddMinutes(2), SourceRunStatus.Failed, 0), Ct);
        await state.RecordRunAsync(Run("tieba", From.AddMinutes(3), SourceRunStatus.Partial, 2), Ct);
        await state.RecordRunAsync(Run("weibo", From.AddMinutes(-5), SourceRunStatus.Failed, 0), Ct);
        await state.RaiseHealthEventAsync("weibo", From.AddMinutes(4), "blocked", "HTTP 403 ×3", 3, Ct);
        await state.RaiseHealthEventAsync("weibo", From.AddMinutes(5), "blocked", "HTTP 403 ×4", 4, Ct);

        var rows = await Provider.ReportTallies().SourceHealthAsync(From, From.AddHours(1), Ct);

        Assert.Equal(
            [
                new("tieba", 3, 1, 1, 5, From.AddMinutes(3), nameof(SourceRunStatus.Partial), 0, null),
                new Core.Reports.SourceHealthTally("weibo", 0, 0, 0, 0, null, null, 2, "HTTP 403 ×4"),
            ],
            rows);
    }

    private static SourceRunReport Run(string source, DateTimeOffset at, SourceRunStatus status, int newPosts) =>
        new(source, at, at.AddSeconds(3), status, 1, 1, newPosts, 0, 0, new Dictionary<int, int> { [200] = 1 }, []);
}
