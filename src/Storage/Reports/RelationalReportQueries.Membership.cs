using System.Data.Common;
using SentimentWatch.Core.Reports;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Reports;

/// <summary>
/// Incident membership and report coverage (migration 0752 on both engines): the 续报 on a new platform or on growth.
/// The tables are written by triggers on <c>incident_posts</c>; on PostgreSQL under the feed's advisory lock, so
/// <c>incident_joins</c> sequence order is commit order there too.
/// </summary>
public abstract partial class RelationalReportQueries
{
    private const string JoinColumns = "seq, incident_id, post_id, platform, new_platform, posts, at";

    private const string CoverageColumns = "report_id, incident_id, join_seq, posts, developments, at";

    public async Task<IncidentMembership> MembershipAsync(long incidentId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            "SELECT last_seq, posts FROM incident_membership WHERE incident_id = @i",
            c => c.With("@i", incidentId),
            r => new IncidentMembership(incidentId, r.GetInt64(0), r.GetInt32(1)),
            cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : new IncidentMembership(incidentId, 0, 0);
    }

    public Task<IReadOnlyList<IncidentJoin>> JoinsAfterAsync(long incidentId, long afterSeq, bool newPlatformsOnly, CancellationToken cancellationToken) =>
        QueryAsync(
            $"SELECT {JoinColumns} FROM incident_joins WHERE incident_id = @i AND seq > @s {(newPlatformsOnly ? "AND new_platform = 1 " : string.Empty)}ORDER BY seq",
            c => c.With("@i", incidentId).With("@s", afterSeq),
            r => new IncidentJoin(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetInt64(4) == 1, r.GetInt32(5), Dialect.ReadTime(r, 6)),
            cancellationToken);

    public async Task RecordCoverageAsync(ReportCoverage coverage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        await QueryAsync(
            $"INSERT INTO report_coverage ({CoverageColumns}) VALUES (@r, @i, @s, @p, @d, @at) ON CONFLICT (report_id) DO NOTHING RETURNING report_id",
            c => c.With("@r", coverage.ReportId).With("@i", coverage.IncidentId).With("@s", coverage.JoinSeq).With("@p", coverage.Posts)
                .With("@d", string.Join(',', coverage.Developments)).With("@at", Dialect.Time(coverage.AtUtc)),
            r => r.GetInt64(0),
            cancellationToken).ConfigureAwait(false);
    }

    public async Task<ReportCoverage?> LatestCoverageAsync(long incidentId, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync(
            $"SELECT {CoverageColumns} FROM report_coverage WHERE incident_id = @i ORDER BY report_id DESC LIMIT 1",
            c => c.With("@i", incidentId),
            r => Coverage(r, 0),
            cancellationToken).ConfigureAwait(false);
        return rows.Count > 0 ? rows[0] : null;
    }

    public async Task<IReadOnlyList<MembershipChange>> MembershipChangesAsync(CancellationToken cancellationToken)
    {
        // One row per reported incident (its newest coverage), kept only when something joined after it; the last
        // report drafted for each membership kind comes along for the quiet period.
        var changes = await QueryAsync(
            "SELECT c.report_id, c.incident_id, c.join_seq, c.posts, c.developments, c.at, m.last_seq, m.posts, " +
            "(SELECT MAX(x.at) FROM report_coverage x WHERE x.incident_id = c.incident_id AND (',' || x.developments || ',') LIKE @platform), " +
            "(SELECT MAX(x.at) FROM report_coverage x WHERE x.incident_id = c.incident_id AND (',' || x.developments || ',') LIKE @growth) " +
            "FROM report_coverage c JOIN incident_membership m ON m.incident_id = c.incident_id " +
            "WHERE c.report_id = (SELECT MAX(y.report_id) FROM report_coverage y WHERE y.incident_id = c.incident_id) AND m.last_seq > c.join_seq ORDER BY c.incident_id",
            c => c.With("@platform", $"%,{DevelopmentKinds.NewPlatform},%").With("@growth", $"%,{DevelopmentKinds.Growth},%"),
            r =>
            {
                var covered = Coverage(r, 0);
                return (Covered: covered, Now: new IncidentMembership(covered.IncidentId, r.GetInt64(6), r.GetInt32(7)),
                    Platform: Dialect.ReadTimeOrNull(r, 8), Growth: Dialect.ReadTimeOrNull(r, 9));
            },
            cancellationToken).ConfigureAwait(false);

        var list = new List<MembershipChange>(changes.Count);
        foreach (var (covered, now, platform, growth) in changes)
        {
            list.Add(new MembershipChange(covered, now, await JoinsAfterAsync(covered.IncidentId, covered.JoinSeq, newPlatformsOnly: true, cancellationToken).ConfigureAwait(false), platform, growth));
        }

        return list;
    }

    private ReportCoverage Coverage(DbDataReader r, int i) => new(
        r.GetInt64(i), r.GetInt64(i + 1), r.GetInt64(i + 2), r.GetInt32(i + 3),
        r.GetString(i + 4).Split(',', StringSplitOptions.RemoveEmptyEntries), Dialect.ReadTime(r, i + 5));
}
