using SentimentWatch.Core.Reports;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Reports;

/// <summary>Incident membership and report coverage (migration 0752): the 续报 on a new platform or on growth.</summary>
public sealed partial class SqliteReportQueries
{
    private const string JoinColumns = "seq, incident_id, post_id, platform, new_platform, posts, at";

    public async Task<IncidentMembership> MembershipAsync(long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT last_seq, posts FROM incident_membership WHERE incident_id = $i").With("$i", incidentId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? new IncidentMembership(incidentId, r.GetInt64(0), r.GetInt32(1)) : new IncidentMembership(incidentId, 0, 0);
    }

    public async Task<IReadOnlyList<IncidentJoin>> JoinsAfterAsync(long incidentId, long afterSeq, bool newPlatformsOnly, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            $"SELECT {JoinColumns} FROM incident_joins WHERE incident_id = $i AND seq > $s {(newPlatformsOnly ? "AND new_platform = 1 " : string.Empty)}ORDER BY seq")
            .With("$i", incidentId).With("$s", afterSeq);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<IncidentJoin>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(new IncidentJoin(r.GetInt64(0), r.GetInt64(1), r.GetInt64(2), r.GetString(3), r.GetInt64(4) == 1, r.GetInt32(5), Sql.ParseTime(r.GetString(6))));
        }

        return list;
    }

    public async Task RecordCoverageAsync(ReportCoverage coverage, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(coverage);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "INSERT INTO report_coverage (report_id, incident_id, join_seq, posts, developments, at) VALUES ($r, $i, $s, $p, $d, $at) ON CONFLICT (report_id) DO NOTHING")
            .With("$r", coverage.ReportId).With("$i", coverage.IncidentId).With("$s", coverage.JoinSeq).With("$p", coverage.Posts)
            .With("$d", string.Join(',', coverage.Developments)).With("$at", Sql.Time(coverage.AtUtc));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<ReportCoverage?> LatestCoverageAsync(long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT report_id, incident_id, join_seq, posts, developments, at FROM report_coverage WHERE incident_id = $i ORDER BY report_id DESC LIMIT 1").With("$i", incidentId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? Coverage(r, 0) : null;
    }

    public async Task<IReadOnlyList<MembershipChange>> MembershipChangesAsync(CancellationToken cancellationToken)
    {
        var changes = new List<(ReportCoverage Covered, IncidentMembership Now, DateTimeOffset? Platform, DateTimeOffset? Growth)>();
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        // One row per reported incident (its newest coverage), kept only when something joined after it; the last
        // report drafted for each membership kind comes along for the quiet period.
        await using (var command = connection.Command(
            "SELECT c.report_id, c.incident_id, c.join_seq, c.posts, c.developments, c.at, m.last_seq, m.posts, " +
            "(SELECT MAX(x.at) FROM report_coverage x WHERE x.incident_id = c.incident_id AND (',' || x.developments || ',') LIKE $platform), " +
            "(SELECT MAX(x.at) FROM report_coverage x WHERE x.incident_id = c.incident_id AND (',' || x.developments || ',') LIKE $growth) " +
            "FROM report_coverage c JOIN incident_membership m ON m.incident_id = c.incident_id " +
            "WHERE c.report_id = (SELECT MAX(y.report_id) FROM report_coverage y WHERE y.incident_id = c.incident_id) AND m.last_seq > c.join_seq ORDER BY c.incident_id")
            .With("$platform", $"%,{DevelopmentKinds.NewPlatform},%").With("$growth", $"%,{DevelopmentKinds.Growth},%"))
        await using (var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var covered = Coverage(r, 0);
                changes.Add((covered, new IncidentMembership(covered.IncidentId, r.GetInt64(6), r.GetInt32(7)), r.TimeOrNull(8), r.TimeOrNull(9)));
            }
        }

        var list = new List<MembershipChange>(changes.Count);
        foreach (var (covered, now, platform, growth) in changes)
        {
            list.Add(new MembershipChange(covered, now, await JoinsAfterAsync(covered.IncidentId, covered.JoinSeq, newPlatformsOnly: true, cancellationToken).ConfigureAwait(false), platform, growth));
        }

        return list;
    }

    private static ReportCoverage Coverage(Microsoft.Data.Sqlite.SqliteDataReader r, int i) => new(
        r.GetInt64(i), r.GetInt64(i + 1), r.GetInt64(i + 2), r.GetInt32(i + 3),
        r.GetString(i + 4).Split(',', StringSplitOptions.RemoveEmptyEntries), Sql.ParseTime(r.GetString(i + 5)));
}
