using System.Text.Json;
using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Alerting;

/// <summary>
/// SQLite implementation of <see cref="IIncidentStore"/>. A post joining an incident is a development the office's
/// automatic 续报 follows (a new platform, growth; triggers of migration 0752 log it): the store signals
/// <see cref="Core.Pipeline.PipelineSignals.IncidentsChanged"/> after it commits one.
/// </summary>
public sealed class SqliteIncidentStore(SqliteDatabase database, Core.Pipeline.PipelineSignals? signals = null) : IIncidentStore
{
    private const string Columns = "id, key, title, level, reasons, first_seen_at, last_seen_at, first_post_id, first_url, post_count, platforms, labels, sites, trend, burst, state";

    /// <summary>Everything <see cref="Read"/> needs: the life-cycle columns (0320) are written only by <see cref="SqliteIncidentActionStore"/>.</summary>
    internal const string ReadColumns = Columns + ", merged_into, stage, reopened";

    public async Task<long> CreateAsync(IncidentRecord incident, IncidentPost firstPost, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(firstPost);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(System.Data.IsolationLevel.Serializable, cancellationToken).ConfigureAwait(false);
        await using (var existing = connection.Command("SELECT incident_id FROM incident_posts WHERE post_id = $p", tx).With("$p", firstPost.PostId))
        {
            if (await existing.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long known)
            {
                return known;
            }
        }

        await using (var byKey = connection.Command("SELECT id FROM incidents WHERE key = $k", tx).With("$k", incident.Key))
        {
            if (await byKey.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is long sameKey)
            {
                var joined = await InsertPostAsync(connection, tx, sameKey, firstPost, cancellationToken).ConfigureAwait(false);
                await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
                if (joined)
                {
                    signals?.IncidentsChanged.Notify();
                }

                return sameKey;
            }
        }

        long id;
        await using (var insert = Bind(connection.Command(
            $"INSERT INTO incidents ({Columns[4..]}) VALUES ($key, $title, $level, $reasons, $first, $last, $fp, $furl, $count, $platforms, $labels, $sites, $trend, $burst, $state) RETURNING id", tx), incident))
        {
            id = await insert.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
        }

        await InsertPostAsync(connection, tx, id, firstPost, cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return id;
    }

    public async Task<bool> AddPostAsync(long incidentId, IncidentPost post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        bool joined;
        await using (var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false))
        {
            joined = await InsertPostAsync(connection, null, incidentId, post, cancellationToken).ConfigureAwait(false);
        }

        if (joined)
        {
            signals?.IncidentsChanged.Notify();
        }

        return joined;
    }

    public async Task<long?> FindIncidentOfPostAsync(long postId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT incident_id FROM incident_posts WHERE post_id = $p").With("$p", postId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as long?;
    }

    /// <remarks>
    /// The state is not written here: close, re-open and merge go through <see cref="SqliteIncidentActionStore"/>, so
    /// a worker re-grading an incident it read a moment earlier cannot undo a person's close.
    /// </remarks>
    public async Task UpdateAsync(IncidentRecord incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Bind(connection.Command(
            "UPDATE incidents SET title = $title, level = $level, reasons = $reasons, first_seen_at = $first, last_seen_at = $last, post_count = $count, " +
            "platforms = $platforms, labels = $labels, sites = $sites, trend = $trend, burst = $burst WHERE id = $id"), incident)
            .With("$id", incident.Id);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> UpdateGradedAsync(IncidentRecord incident, IncidentLevel levelRead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = Bind(connection.Command(
            "UPDATE incidents SET title = $title, level = $level, reasons = $reasons, first_seen_at = $first, last_seen_at = $last, post_count = $count, " +
            "platforms = $platforms, labels = $labels, sites = $sites, trend = $trend, burst = $burst WHERE id = $id AND level = $read AND state = $open"), incident)
            .With("$id", incident.Id).With("$read", (int)levelRead).With("$open", IncidentStates.Open);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<IncidentRecord?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {ReadColumns} FROM incidents WHERE id = $id").With("$id", id);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(r) : null;
    }

    public async Task<IReadOnlyList<IncidentRecord>> ListAsync(DateTimeOffset activeSinceUtc, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command($"SELECT {ReadColumns} FROM incidents WHERE last_seen_at >= $since ORDER BY last_seen_at DESC, id DESC LIMIT $limit")
            .With("$since", Sql.Time(activeSinceUtc)).With("$limit", limit);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<IncidentRecord>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(r));
        }

        return list;
    }

    public async Task<IReadOnlyList<IncidentPost>> GetPostsAsync(long incidentId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT data FROM incident_posts WHERE incident_id = $id ORDER BY at, post_id").With("$id", incidentId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<IncidentPost>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(JsonSerializer.Deserialize<IncidentPost>(r.GetString(0))!);
        }

        return list;
    }

    private static async Task<bool> InsertPostAsync(SqliteConnection connection, SqliteTransaction? tx, long incidentId, IncidentPost post, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "INSERT INTO incident_posts (post_id, incident_id, at, data) VALUES ($p, $i, $at, $data) ON CONFLICT (post_id) DO NOTHING", tx)
            .With("$p", post.PostId).With("$i", incidentId).With("$at", Sql.Time(post.At)).With("$data", JsonSerializer.Serialize(post));
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    private static SqliteCommand Bind(SqliteCommand c, IncidentRecord i) => c
        .With("$key", i.Key).With("$title", i.Title).With("$level", (int)i.Level).With("$reasons", JsonSerializer.Serialize(i.Reasons))
        .With("$first", Sql.Time(i.FirstSeenUtc)).With("$last", Sql.Time(i.LastSeenUtc)).With("$fp", i.FirstPostId).With("$furl", i.FirstUrl.AbsoluteUri)
        .With("$count", i.PostCount).With("$platforms", JsonSerializer.Serialize(i.Platforms)).With("$labels", JsonSerializer.Serialize(i.Labels))
        .With("$sites", JsonSerializer.Serialize(i.Sites)).With("$trend", i.Trend).With("$burst", i.Burst ? 1 : 0).With("$state", i.State);

    internal static IncidentRecord Read(SqliteDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), (IncidentLevel)r.GetInt32(3),
        JsonSerializer.Deserialize<List<LevelReason>>(r.GetString(4)) ?? [],
        Sql.ParseTime(r.GetString(5)), Sql.ParseTime(r.GetString(6)), r.GetInt64(7), new Uri(r.GetString(8)), r.GetInt32(9),
        JsonSerializer.Deserialize<List<string>>(r.GetString(10)) ?? [], JsonSerializer.Deserialize<List<string>>(r.GetString(11)) ?? [],
        JsonSerializer.Deserialize<List<string>>(r.GetString(12)) ?? [], r.GetString(13), r.GetInt32(14) == 1, r.GetString(15))
    {
        MergedInto = r.IsDBNull(16) ? null : r.GetInt64(16),
        Stage = r.StringOrNull(17),
        Reopened = r.GetInt32(18),
    };
}
