using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Reports;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.Tests.Support;

namespace SentimentWatch.Office.Tests.Reports;

/// <summary>The set-based reads behind the reports: the period tally grouped in SQL, one incident's takedowns.</summary>
public sealed class PeriodTallyTests
{
    [Fact]
    public async Task Tally_GroupedInSql_PutsPostsInTheirBucketsAtTheBoundaries()
    {
        using var store = new OfficeStore();
        await store.SeedAsync("泄题传言", IncidentLevel.I, Labels.Leak, OfficeStore.T0);
        await store.SeedAsync("报名提醒", IncidentLevel.IV, Labels.Normal, OfficeStore.T0.AddMinutes(59).AddSeconds(59.9));
        await store.SeedAsync("卖答案", IncidentLevel.II, Labels.AnswerSelling, OfficeStore.T0.AddHours(1));
        await store.SeedAsync("期外", IncidentLevel.II, Labels.AnswerSelling, OfficeStore.T0.AddHours(3));

        var tally = await store.Get<IReportQueries>().TallyAsync(OfficeStore.T0, OfficeStore.T0.AddHours(3), TimeSpan.FromHours(1), CancellationToken.None);

        Assert.Equal(3, tally.Posts);
        Assert.Equal([2L, 1L, 0L], tally.Buckets.Select(b => b.Posts));
        Assert.Equal([1L, 1L, 0L], tally.Buckets.Select(b => b.Flagged));
        Assert.Equal(3, tally.PostsByPlatform["weibo"]);
        Assert.Equal((1L, 1L, false), (tally.FlaggedByLabel[Labels.Leak], tally.FlaggedByLabel[Labels.AnswerSelling], tally.FlaggedByLabel.ContainsKey(Labels.Normal)));
    }

    [Fact]
    public async Task Dossier_ReadsOnlyTheIncidentsTakedowns()
    {
        using var store = new OfficeStore();
        var (incident, _, post) = await store.SeedAsync("卖答案", IncidentLevel.II, Labels.AnswerSelling, OfficeStore.T0);
        var (_, _, other) = await store.SeedAsync("另一事件", IncidentLevel.III, Labels.Fraud, OfficeStore.T0);
        var takedowns = store.Get<ITakedownStore>();
        var mine = await takedowns.AddAsync(post, new Uri("http://127.0.0.1/weibo/p1"), OfficeStore.T0, OfficeStore.T0.AddHours(4), "zhiban", null, CancellationToken.None);
        await takedowns.AddAsync(other, new Uri("http://127.0.0.1/weibo/p2"), OfficeStore.T0, OfficeStore.T0.AddHours(4), "zhiban", null, CancellationToken.None);
        var byUrl = await takedowns.AddAsync(null, new Uri("http://127.0.0.1/weibo/p1"), OfficeStore.T0.AddMinutes(1), OfficeStore.T0.AddHours(4), "zhiban", "按链接", CancellationToken.None);

        var dossier = (await store.Get<DossierReader>().ReadAsync(incident, CancellationToken.None))!;

        Assert.Equal([mine, byUrl], dossier.Takedowns.Select(t => t.Id));
    }
}
