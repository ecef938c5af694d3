using SentimentWatch.Core.Operations;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage;

/// <summary>
/// The gauges the store answers: post changes past the classifier's checkpoint (<c>checkpoints.classifier</c>, a
/// <c>post_changes.seq</c>) and outbox messages not yet settled (<c>pending</c> or <c>handed</c>).
/// </summary>
internal sealed class SqlitePipelineGaugeReader(SqliteDatabase database) : IPipelineGaugeReader
{
    public async Task<(long ClassifyLag, long OutboxDepth)> ReadAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT (SELECT COUNT(*) FROM post_changes WHERE seq > COALESCE((SELECT value FROM checkpoints WHERE name = 'classifier'), 0)), " +
            "(SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'handed'))");
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await r.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (r.GetInt64(0), r.GetInt64(1));
    }
}
