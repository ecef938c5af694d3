using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Reports;
using SentimentWatch.Storage.Tests.Contracts;
using Records = SentimentWatch.Storage.Tests.Alerting.AlertingRecords;

namespace SentimentWatch.Storage.Tests.Reports;

/// <summary>
/// <see cref="Core.Reports.IReportQueries"/> on every provider: the period counts (tally by bucket, platform and label;
/// source health), the active incidents, the incident journals past a cursor, and the office's membership tables
/// (migration 0752: joins, membership, platforms and report coverage, written by triggers on <c>incident_posts</c>).
/// </summary>
public abstract class ReportQueriesContract<TProvider> : StoreContract<TProvider>
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

        var tally = await Provider.ReportQueries().TallyAsync(From, From.AddHours(2), TimeSpan.FromHours(1), Ct);

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

        var rows = await Provider.ReportQueries().SourceHealthAsync(From, From.AddHours(1), Ct);

        Assert.Equal(
            [
                new("tieba", 3, 1, 1, 5, From.AddMinutes(3), nameof(SourceRunStatus.Partial), 0, null),
                new Core.Reports.SourceHealthTally("weibo", 0, 0, 0, 0, null, null, 2, "HTTP 403 ×4"),
            ],
            rows);
    }

    [Fact]
    public async Task IncidentsActiveAsync_OverlappingThePeriod_MergedTombstoneLeftOut_MostSevereFirst()
    {
        var incidents = Provider.Incidents();
        var t0 = Records.T0;
        var low = await incidents.CreateAsync(Records.Incident(Records.Post(1), level: IncidentLevel.IV), Records.Post(1), Ct);
        var high = await incidents.CreateAsync(Records.Incident(Records.Post(2), level: IncidentLevel.II), Records.Post(2), Ct);
        var merged = await incidents.CreateAsync(Records.Incident(Records.Post(3)), Records.Post(3), Ct);
        var late = Records.Post(4, minutes: 180);
        await incidents.CreateAsync(Records.Incident(late), late, Ct);
        await Provider.IncidentActions().MergeAsync(high, merged, "duty-a", "same story", t0, Ct);

        var active = await Provider.ReportQueries().IncidentsActiveAsync(t0, t0.AddHours(1), Ct);

        Assert.Equal([high, low], active.Select(i => i.Id));
        Assert.Equal((IncidentLevel.II, "open"), (active[0].Level, active[0].State));
    }

    [Fact]
    public async Task DevelopmentsAsync_JournalsPastTheCursor_OldestFirst_CursorMovesPastThem()
    {
        var incidents = Provider.Incidents();
        var id = await incidents.CreateAsync(Records.Incident(Records.Post(1)), Records.Post(1), Ct);
        var queries = Provider.ReportQueries();
        var start = await queries.LatestCursorAsync(Ct);
        await Provider.IncidentActions().RecordAsync(id, "ack", "duty-a", "seen", "alert 1", Records.T0.AddMinutes(2), Ct);
        await Provider.Alerts().RaiseAsync(Records.Alert("a-1", id) with { CreatedUtc = Records.T0.AddMinutes(1) }, [], [], Ct);

        var (developments, next) = await queries.DevelopmentsAsync(start, 100, Ct);
        var (again, same) = await queries.DevelopmentsAsync(next, 100, Ct);

        Assert.Equal(new DevelopmentCursor(0, 0, 0, 0, 0), start);
        Assert.Equal([(DevelopmentKinds.Alert, id, "system", ((int)IncidentLevel.II).ToString(System.Globalization.CultureInfo.InvariantCulture)), (DevelopmentKinds.Action, id, "duty-a", "ack")],
            developments.Select(d => (d.Kind, d.IncidentId, d.By, d.What)));
        Assert.Equal("alert 1", developments[1].Detail);
        Assert.Equal(await queries.LatestCursorAsync(Ct), next);
        Assert.Empty(again);
        Assert.Equal(next, same);
    }

    [Fact]
    public async Task Membership_EachJoinNumbered_NewPlatformMarked_PostsCounted()
    {
        var incidents = Provider.Incidents();
        var queries = Provider.ReportQueries();
        var first = Records.Post(1);
        var id = await incidents.CreateAsync(Records.Incident(first), first, Ct);
        Assert.Equal(new IncidentMembership(999, 0, 0), await queries.MembershipAsync(999, Ct));

        await incidents.AddPostAsync(id, Records.Post(2, minutes: 5, platform: "tieba"), Ct);
        await incidents.AddPostAsync(id, Records.Post(3, minutes: 6), Ct);
        await incidents.AddPostAsync(id, Records.Post(3, minutes: 6), Ct); // a replay joins nothing

        var joins = await queries.JoinsAfterAsync(id, 0, newPlatformsOnly: false, Ct);
        Assert.Equal(
            [(1L, "weibo", true, 1, Records.T0), (2L, "tieba", true, 2, Records.T0.AddMinutes(5)), (3L, "weibo", false, 3, Records.T0.AddMinutes(6))],
            joins.Select(j => (j.PostId, j.Platform, j.NewPlatform, j.Posts, j.AtUtc)));
        Assert.True(joins[0].Seq < joins[1].Seq && joins[1].Seq < joins[2].Seq);
        Assert.All(joins, j => Assert.Equal(id, j.IncidentId));
        Assert.Equal(new IncidentMembership(id, joins[2].Seq, 3), await queries.MembershipAsync(id, Ct));
        Assert.Equal([2L], (await queries.JoinsAfterAsync(id, 0, newPlatformsOnly: true, Ct)).Skip(1).Select(j => j.PostId));
        Assert.Equal([3L], (await queries.JoinsAfterAsync(id, joins[1].Seq, newPlatformsOnly: false, Ct)).Select(j => j.PostId));
        Assert.Empty(await queries.JoinsAfterAsync(id, joins[1].Seq, newPlatformsOnly: true, Ct));
    }

    [Fact]
    public async Task Membership_Merge_MovedPostsJoinTheTarget_SourceLosesThem_NewPlatformOnlyForTheTarget()
    {
        var incidents = Provider.Incidents();
        var queries = Provider.ReportQueries();
        var target = await incidents.CreateAsync(Records.Incident(Records.Post(1)), Records.Post(1), Ct);
        var source = await incidents.CreateAsync(Records.Incident(Records.Post(2, platform: "douyin")), Records.Post(2, platform: "douyin"), Ct);
        await incidents.AddPostAsync(source, Records.Post(3, minutes: 1), Ct);
        var before = await queries.MembershipAsync(target, Ct);

        await Provider.IncidentActions().MergeAsync(target, source, "duty-a", "same story", Records.T0.AddMinutes(9), Ct);

        var moved = await queries.JoinsAfterAsync(target, before.LastSeq, newPlatformsOnly: false, Ct);
        Assert.Equal([(2L, "douyin", true), (3L, "weibo", false)], moved.Select(j => (j.PostId, j.Platform, j.NewPlatform)).OrderBy(j => j.Item1));
        Assert.Equal(3, moved.Max(j => j.Posts));
        Assert.Equal(new IncidentMembership(target, moved.Max(j => j.Seq), 3), await queries.MembershipAsync(target, Ct));
        Assert.Equal(0, (await queries.MembershipAsync(source, Ct)).Posts);
    }

    [Fact]
    public async Task Membership_PostDataNotJson_StillJoins_WithoutAPlatform()
    {
        var incidents = Provider.Incidents();
        var queries = Provider.ReportQueries();
        var id = await incidents.CreateAsync(Records.Incident(Records.Post(1)), Records.Post(1), Ct);

        await Provider.ExecuteAsync($"INSERT INTO incident_posts (post_id, incident_id, at, data) SELECT 77, {id}, at, 'not json {{' FROM incident_posts WHERE post_id = 1");

        var join = (await queries.JoinsAfterAsync(id, 0, newPlatformsOnly: false, Ct))[^1];
        Assert.Equal((77L, "", true, 2), (join.PostId, join.Platform, join.NewPlatform, join.Posts));
    }

    [Fact]
    public async Task Coverage_RecordedOnce_LatestPerIncident_ChangesListedOnlyWhenSomethingJoinedAfter()
    {
        var incidents = Provider.Incidents();
        var queries = Provider.ReportQueries();
        var reports = Provider.Reports();
        var id = await incidents.CreateAsync(Records.Incident(Records.Post(1)), Records.Post(1), Ct);
        var quiet = await incidents.CreateAsync(Records.Incident(Records.Post(9)), Records.Post(9), Ct);
        var first = await reports.CreateAsync("incident", id, null, null, "首报", "{}", "duty-a", Records.T0.AddMinutes(1), Ct);
        var second = await reports.CreateAsync("incident", id, null, null, "续报", "{}", "auto", Records.T0.AddMinutes(30), Ct);
        var other = await reports.CreateAsync("incident", quiet, null, null, "首报", "{}", "duty-a", Records.T0.AddMinutes(1), Ct);
        var now = await queries.MembershipAsync(id, Ct);
        await queries.RecordCoverageAsync(new ReportCoverage(first.Id, id, now.LastSeq, now.Posts, [], Records.T0.AddMinutes(1)), Ct);
        await queries.RecordCoverageAsync(new ReportCoverage(first.Id, id, 12345, 99, [], Records.T0.AddMinutes(2)), Ct); // ignored: once per report
        var quietNow = await queries.MembershipAsync(quiet, Ct);
        await queries.RecordCoverageAsync(new ReportCoverage(other.Id, quiet, quietNow.LastSeq, quietNow.Posts, [], Records.T0.AddMinutes(1)), Ct);
        Assert.Empty(await queries.MembershipChangesAsync(Ct));

        await incidents.AddPostAsync(id, Records.Post(2, minutes: 10, platform: "tieba"), Ct);
        await incidents.AddPostAsync(id, Records.Post(3, minutes: 11), Ct);
        var change = Assert.Single(await queries.MembershipChangesAsync(Ct));

        Assert.Equal(new ReportCoverage(first.Id, id, now.LastSeq, 1, [], Records.T0.AddMinutes(1)) with { Developments = change.Covered.Developments }, change.Covered);
        Assert.Empty(change.Covered.Developments);
        Assert.Equal(3, change.Now.Posts);
        Assert.Equal([2L], change.NewPlatforms.Select(j => j.PostId));
        Assert.Null(change.LastNewPlatformReportUtc);
        Assert.Null(change.LastGrowthReportUtc);

        var latest = await queries.MembershipAsync(id, Ct);
        await queries.RecordCoverageAsync(new ReportCoverage(second.Id, id, latest.LastSeq, latest.Posts, [DevelopmentKinds.NewPlatform, DevelopmentKinds.Growth], Records.T0.AddMinutes(30)), Ct);
        var covered = await queries.LatestCoverageAsync(id, Ct);
        Assert.NotNull(covered);
        Assert.Equal((second.Id, latest.LastSeq, 3, Records.T0.AddMinutes(30)), (covered.ReportId, covered.JoinSeq, covered.Posts, covered.AtUtc));
        Assert.Equal([DevelopmentKinds.NewPlatform, DevelopmentKinds.Growth], covered.Developments);
        Assert.Null(await queries.LatestCoverageAsync(424242, Ct));
        Assert.Empty(await queries.MembershipChangesAsync(Ct));

        await incidents.AddPostAsync(id, Records.Post(4, minutes: 40, platform: "douyin"), Ct);
        var after = Assert.Single(await queries.MembershipChangesAsync(Ct));
        Assert.Equal(second.Id, after.Covered.ReportId);
        Assert.Equal([4L], after.NewPlatforms.Select(j => j.PostId));
        Assert.Equal(Records.T0.AddMinutes(30), after.LastNewPlatformReportUtc);
        Assert.Equal(Records.T0.AddMinutes(30), after.LastGrowthReportUtc);
    }

    private static SourceRunReport Run(string source, DateTimeOffset at, SourceRunStatus status, int newPosts) =>
        new(source, at, at.AddSeconds(3), status, 1, 1, newPosts, 0, 0, new Dictionary<int, int> { [200] = 1 }, []);
}
