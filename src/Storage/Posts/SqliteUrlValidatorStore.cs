using SentimentWatch.Core.Fetching;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Posts;

/// <summary>
/// SQLite implementation of <see cref="IUrlValidatorStore"/> (table <c>url_validators</c>). Read and written for every
/// fetched page, so it keeps a few connections open with their compiled statements; disposing the store closes them.
/// </summary>
public sealed class SqliteUrlValidatorStore(SqliteDatabase database) : IUrlValidatorStore, IDisposable
{
    private readonly SqliteSessions _sessions = new(database, maxIdle: 4);

    public Task<UrlValidators?> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        return _sessions.RunAsync(async session =>
        {
            var command = session.Command("SELECT etag, last_modified, updated_at FROM url_validators WHERE url = $url").With("$url", url.AbsoluteUri);
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await r.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new UrlValidators(url, r.StringOrNull(0), r.StringOrNull(1), Sql.ParseTime(r.GetString(2)))
                : null;
        }, cancellationToken);
    }

    public Task SaveAsync(UrlValidators validators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validators);
        return _sessions.RunAsync(session => session.Command(
            "INSERT INTO url_validators (url, etag, last_modified, updated_at) VALUES ($url, $etag, $lm, $at) " +
            "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at")
            .With("$url", validators.Url.AbsoluteUri).With("$etag", validators.ETag).With("$lm", validators.LastModified).With("$at", Sql.Time(validators.SeenAtUtc))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

    public Task RemoveAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        return _sessions.RunAsync(session => session.Command("DELETE FROM url_validators WHERE url = $url").With("$url", url.AbsoluteUri)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

    /// <summary>Closes the connections the store keeps open.</summary>
    public void Dispose() => _sessions.Dispose();
}
