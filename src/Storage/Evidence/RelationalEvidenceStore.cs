using System.Data.Common;
using System.Text.Json;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Evidence;

/// <summary>
/// <see cref="IEvidenceStore"/> on a SQL engine (table <c>evidence_items</c>: the index of the packets on disk, with the
/// head of each packet's custody continuation log), shared by the SQLite and PostgreSQL stores.
/// </summary>
public abstract class RelationalEvidenceStore(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IEvidenceStore
{
    private const string Columns = "id, post_id, alert_id, incident_id, url, sound, capture_source, packet_path, created_at, operator, manifest_sha256, continuation_head, problems";

    public Task AddAsync(EvidenceItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        return Sessions.RunAsync(session => session.Command(
            $"INSERT INTO evidence_items ({Columns}) VALUES (@id, @post, @alert, @incident, @url, @sound, @source, @path, @created, @operator, @manifest, @head, @problems)")
            .With("@id", item.Id).With("@post", item.PostId).With("@alert", item.AlertId).With("@incident", item.IncidentId).With("@url", item.Url.AbsoluteUri)
            .With("@sound", item.Sound ? 1 : 0).With("@source", item.CaptureSource).With("@path", item.PacketPath).With("@created", Dialect.Time(item.CreatedAtUtc))
            .With("@operator", item.Operator).With("@manifest", item.ManifestSha256).With("@head", item.ContinuationHead).With("@problems", JsonSerializer.Serialize(item.Problems))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

    public async Task<EvidenceItem?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var rows = await QueryAsync($"SELECT {Columns} FROM evidence_items WHERE id = @p", c => c.With("@p", id), Read, cancellationToken).ConfigureAwait(false);
        return rows.Count == 0 ? null : rows[0];
    }

    public Task<IReadOnlyList<EvidenceItem>> ListAsync(int limit, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM evidence_items ORDER BY created_at DESC, id DESC LIMIT @p", c => c.With("@p", Math.Max(1, limit)), Read, cancellationToken);

    public Task<IReadOnlyList<EvidenceItem>> FindByAlertOrIncidentAsync(string alertOrIncidentId, CancellationToken cancellationToken) =>
        QueryAsync($"SELECT {Columns} FROM evidence_items WHERE alert_id = @p OR incident_id = @p ORDER BY created_at, id", c => c.With("@p", alertOrIncidentId), Read, cancellationToken);

    public Task<IReadOnlyList<EvidenceItem>> FindForIncidentAsync(string incidentId, IReadOnlyCollection<string> alertIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alertIds);
        // One query: the incident's own packets and those of its alerts (the pair of columns is matched column by column).
        return QueryAsync(
            $"SELECT {Columns} FROM evidence_items WHERE incident_id = @p OR {Dialect.TextIn("alert_id", "@ids")} ORDER BY created_at, id",
            c => c.With("@p", incidentId).With("@ids", Dialect.Texts(alertIds)), Read, cancellationToken);
    }

    public Task LinkIncidentAsync(string evidenceId, string incidentId, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE evidence_items SET incident_id = @v WHERE id = @id", evidenceId, incidentId, cancellationToken);

    public Task UpdateContinuationHeadAsync(string evidenceId, string head, CancellationToken cancellationToken) =>
        UpdateAsync("UPDATE evidence_items SET continuation_head = @v WHERE id = @id", evidenceId, head, cancellationToken);

    private Task UpdateAsync(string sql, string id, string value, CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
        {
            if (await session.Command(sql).With("@id", id).With("@v", value).ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 0)
            {
                throw new KeyNotFoundException($"No evidence item '{id}'.");
            }
        }, cancellationToken);

    private EvidenceItem Read(DbDataReader r) => new(
        r.GetString(0), r.LongOrNull(1), r.StringOrNull(2), r.StringOrNull(3), new Uri(r.GetString(4)), r.GetInt32(5) != 0, r.GetString(6), r.GetString(7),
        Dialect.ReadTime(r, 8), r.GetString(9), r.StringOrNull(10), r.StringOrNull(11), JsonSerializer.Deserialize<List<string>>(r.GetString(12)) ?? []);
}
