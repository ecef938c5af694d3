using SentimentWatch.Core.Operations;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage;

/// <summary>Readiness of the store: it opens and takes a write lock (taken and released at once), as <c>sw status</c> probes it.</summary>
internal sealed class SqliteStoreReadiness(SqliteDatabase database) : IReadinessCheck
{
    public string Name => "store";

    public async Task<ReadinessResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var probe = connection.Command("BEGIN IMMEDIATE; ROLLBACK;");
            await probe.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            return new ReadinessResult(Name, true, "sqlite store writable");
        }
        catch (Microsoft.Data.Sqlite.SqliteException ex)
        {
            return new ReadinessResult(Name, false, $"sqlite store {StorageFaults.Classify(ex) ?? "cannot take writes"}: {ex.Message}");
        }
    }
}
