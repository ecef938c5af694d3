using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Reports;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.Reports;
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
    public async Task Weekly_MoreIncidentsThanTheCap_CitesTheTopOnes_AndTheRestAsOneListThatReopens()
    {
        using var store = new OfficeStore(new Dictionary<string, string?> { ["Office:Reports:MaxIncidentRefs"] = "3" });
        var seeded = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            seeded.Add((await store.SeedAsync("网传卷一泄露 " + i, IncidentLevel.I, Labels.Leak, OfficeStore.T0.AddHours(i))).Incident);
        }

        var (lone, _, _) = await store.SeedAsync("出售答案", IncidentLevel.II, Labels.AnswerSelling, OfficeStore.T0.AddHours(6));
        var service = store.Get<ReportService>();
        var resolver = store.Get<ReferenceResolver>();
        var from = OfficeStore.T0.AddDays(-1);
        var (record, doc) = await service.GenerateAsync(ReportKinds.Weekly, null, from, from.AddDays(7), "bangong", CancellationToken.None);

        // 6 incidents in all: 3 cited one by one, the other 3 as one list; Ⅰ级5起: 3 and a list of the 2 others; Ⅱ级1起 uncapped.
        var total = doc.Facts.Single(f => f.Text == "6起");
        Assert.Equal(3, total.Sources.Count(s => s.Kind == SourceKinds.Incident));
        var rest = Assert.Single(total.Sources, s => s.Kind == SourceKinds.Query);
        Assert.StartsWith("及其余 3 起", rest.Label, StringComparison.Ordinal);
        Assert.Equal(6, (await service.IncidentListAsync(rest.Id, CancellationToken.None))!.Count);

        var levelOne = doc.Facts.Single(f => f.Text == "Ⅰ级5起");
        var levelRest = Assert.Single(levelOne.Sources, s => s.Kind == SourceKinds.Query);
        Assert.StartsWith("及其余 2 起", levelRest.Label, StringComparison.Ordinal);
        var listed = (await service.IncidentListAsync(levelRest.Id, CancellationToken.None))!;
        Assert.Equal(seeded.Order(), listed.Select(i => i.Id).Order());
        Assert.DoesNotContain(doc.Facts.Single(f => f.Text == "Ⅱ级1起").Sources, s => s.Kind == SourceKinds.Query);
        Assert.Contains(doc.Facts.Single(f => f.Text == "Ⅱ级1起").Sources, s => s.Key == $"incident:{lone}");

        // Every source resolves, the lists included; the appendix names the rest; a list of nothing is dangling.
        Assert.Empty(await resolver.DanglingAsync(doc.Sources(), CancellationToken.None));
        Assert.True(doc.Sources().Count(s => s.Kind == SourceKinds.Incident) <= 6);
        var text = Tools.Squeeze(await Tools.PdfTextAsync(service.Pdf(doc), store.Directory));
        Assert.Contains("及其余3起", text, StringComparison.Ordinal);
        Assert.False(await resolver.ResolvesAsync(Refs.IncidentList(from.AddYears(-1), from.AddYears(-1).AddDays(7), null, 1), CancellationToken.None));
        Assert.False(await resolver.ResolvesAsync(new SourceRef(SourceKinds.Query, "incidents yesterday today", null, "x"), CancellationToken.None));
        Assert.Equal(record.Id, (await store.Get<IReportStore>().GetAsync(record.Id, CancellationToken.None))!.Id);
    }

    [Fact]
    public async Task Membership_JoinsAndAMerge_AreLoggedInOrder_WithNewPlatformsAndCounts()
    {
        using var store = new OfficeStore();
        var queries = store.Get<IReportQueries>();
        var (target, _, first) = await store.SeedAsync("网传卷一泄露", IncidentLevel.I, Labels.Leak, OfficeStore.T0);
        var tieba = await store.JoinAsync(target, "tieba", OfficeStore.T0.AddMinutes(1), OfficeStore.T0);
        var weibo = await store.JoinAsync(target, "weibo", OfficeStore.T0.AddMinutes(2), OfficeStore.T0);
        var (source, _, _) = await store.SeedAsync("卷一泄露传言", IncidentLevel.II, Labels.Leak, OfficeStore.T0.AddMinutes(3));
        var douyin = await store.JoinAsync(source, "douyin", OfficeStore.T0.AddMinutes(4), OfficeStore.T0);

        await store.Get<IIncidentActionStore>().MergeAsync(target, source, "zhiban", "同一事件", OfficeStore.T0.AddMinutes(5), CancellationToken.None);

        var joins = await queries.JoinsAfterAsync(target, 0, newPlatformsOnly: false, CancellationToken.None);
        Assert.Equal([first, tieba, weibo], joins.Take(3).Select(j => j.PostId));
        Assert.Equal([true, true, false], joins.Take(3).Select(j => j.NewPlatform));
        Assert.Equal([1, 2, 3], joins.Take(3).Select(j => j.Posts));
        // The merge moved the source's weibo and douyin posts in: only douyin is new to the target.
        Assert.Equal([douyin], (await queries.JoinsAfterAsync(target, joins[2].Seq, newPlatformsOnly: true, CancellationToken.None)).Select(j => j.PostId));
        Assert.Equal(5, (await queries.MembershipAsync(target, CancellationToken.None)).Posts);
        Assert.Equal(0, (await queries.MembershipAsync(source, CancellationToken.None)).Posts);
        Assert.True(joins.Zip(joins.Skip(1)).All(p => p.First.Seq < p.Second.Seq));
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
