using SentimentWatch.Core.Operations;

namespace SentimentWatch.Storage.Relational;

/// <summary>
/// The gauges the store answers, the same figures on both engines: post changes past the classifier's checkpoint
/// (<c>checkpoints.classifier</c>, a <c>post_changes.seq</c>) and outbox messages not yet settled (<c>pending</c> or <c>handed</c>).
/// </summary>
public abstract class RelationalPipelineGaugeReader(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IPipelineGaugeReader
{
    public async Task<(long ClassifyLag, long OutboxDepth)> ReadAsync(CancellationToken cancellationToken) =>
        (await QueryAsync(
            "SELECT (SELECT COUNT(*) FROM post_changes WHERE seq > COALESCE((SELECT value FROM checkpoints WHERE name = 'classifier'), 0)), " +
            "(SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'handed'))",
            _ => { }, r => (r.GetInt64(0), r.GetInt64(1)), cancellationToken).ConfigureAwait(false))[0];
}
