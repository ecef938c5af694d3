using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Evidence;

/// <summary>SQLite index of evidence packets (migration 0400).</summary>
public sealed class SqliteEvidenceStore(SqliteDatabase database) : IEvidenceStore
{
    private const string Columns = "id, post_id, alert_id, incident_id, url, sound, capture_source, packet_path, created_at, operator, manifest_sha256, continuation_head, problems";

    public async Task AddAsync(EvidenceItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"INSERT INTO evidence_items ({Columns}) VALUES ($id, $post, $alert, $incident, $url, $sound, $source, $path, $created, $operator, $manifest, $head, $problems)";
        cmd.Parameters.AddWithValue("$id", item.Id);
        cmd.Parameters.AddWithValue("$post", (object?)item.PostId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$alert", (object?)item.AlertId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$incident", (object?)item.IncidentId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$url", item.Url.AbsoluteUri);
        cmd.Parameters.AddWithValue("$sound", item.Sound ? 1 : 0);
        cmd.Parameters.AddWithValue("$source", item.CaptureSource);
        cmd.Parameters.AddWithValue("$path", item.PacketPath);
        cmd.Parameters.AddWithValue("$created", Sql.Time(item.CreatedAtUtc));
        cmd.Parameters.AddWithValue("$operator", item.Operator);
        cmd.Parameters.AddWithValue("$manifest", (object?)item.ManifestSha256 ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$head", (object?)item.ContinuationHead ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$problems", JsonSerializer.Serialize(item.Problems));
        await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<EvidenceItem?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM evidence_items WHERE id = $p", id, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<EvidenceItem>> ListAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM evidence_items ORDER BY created_at DESC, id DESC LIMIT $p", Math.Max(1, limit), cancellationToken);

    public Task<IReadOnlyList<EvidenceItem>> FindByAlertOrIncidentAsync(string alertOrIncidentId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM evidence_items WHERE alert_id = $p OR incident_id = $p ORDER BY created_at, id", alertOrIncidentId, cancellationToken);

    public async Task<IReadOnlyList<EvidenceItem>> FindForIncidentAsync(string incidentId, IReadOnlyCollection<string> alertIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alertIds);
        // One query: the incident's own packets and those of its alerts (the pair of columns is matched column by column).
        var ids = System.Text.Json.JsonSerializer.Serialize(alertIds);
        return await QueryAsync(
            $"SELECT {Columns} FROM evidence_items WHERE incident_id = $p OR alert_id IN (SELECT value FROM json_each($ids)) ORDER BY created_at, id",
            incidentId, cancellationToken, ("$ids", ids)).ConfigureAwait(false);
    }

    public Task LinkIncidentAsync(string evidenceId, string incidentId, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE evidence_items SET incident_id = $v WHERE id = $id", evidenceId, incidentId, cancellationToken);

    public Task UpdateContinuationHeadAsync(string evidenceId, string head, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE evidence_items SET continuation_head = $v WHERE id = $id", evidenceId, head, cancellationToken);

    private async Task UpdateAsync(string sql, string id, string value, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$id", id);
        cmd.Parameters.AddWithValue("$v", value);
        if (await cmd.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
        {
            throw new KeyNotFoundException($"No evidence item '{id}'.");
        }
    }

    private async Task<IReadOnlyList<EvidenceItem>> QueryAsync(string sql, object parameter, CancellationToken cancellationToken, params (string Name, object Value)[] more)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$p", parameter);
        foreach (var (name, value) in more)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var items = new List<EvidenceItem>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            items.Add(new EvidenceItem(
                reader.GetString(0),
                reader.IsDBNull(1) ? null : reader.GetInt64(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                new Uri(reader.GetString(4)),
                reader.GetInt64(5) != 0,
                reader.GetString(6),
                reader.GetString(7),
                Sql.ParseTime(reader.GetString(8)),
                reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                JsonSerializer.Deserialize<List<string>>(reader.GetString(12)) ?? []));
        }

        return items;
    }
}
