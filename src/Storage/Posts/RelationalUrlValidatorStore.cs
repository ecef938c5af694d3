using SentimentWatch.Core.Fetching;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Posts;

/// <summary>
/// <see cref="IUrlValidatorStore"/> on a SQL engine (table <c>url_validators</c>), shared by the SQLite and PostgreSQL
/// stores. Read and written for every fetched page; disposing the store closes the connections it keeps.
/// </summary>
public abstract class RelationalUrlValidatorStore(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IUrlValidatorStore
{
    public Task<UrlValidators?> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Sessions.RunAsync(async session =>
        {
            var command = session.Command("SELECT etag, last_modified, updated_at FROM url_validators WHERE url = @url").With("@url", url.AbsoluteUri);
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await r.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new UrlValidators(url, r.StringOrNull(0), r.StringOrNull(1), Dialect.ReadTime(r, 2))
                : null;
        }, cancellationToken);
    }

    public Task SaveAsync(UrlValidators validators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validators);
        return Sessions.RunAsync(session => session.Command(
            "INSERT INTO url_validators (url, etag, last_modified, updated_at) VALUES (@url, @etag, @lm, @at) " +
            "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at")
            .With("@url", validators.Url.AbsoluteUri).With("@etag", validators.ETag).With("@lm", validators.LastModified).With("@at", Dialect.Time(validators.SeenAtUtc))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

    public Task RemoveAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Sessions.RunAsync(session => session.Command("DELETE FROM url_validators WHERE url = @url").With("@url", url.AbsoluteUri)
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }

}
