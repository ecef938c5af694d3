using SentimentWatch.Core.Fetching;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Posts;

/// <summary>SQLite implementation of <see cref="IUrlValidatorStore"/> (table <c>url_validators</c>).</summary>
public sealed class SqliteUrlValidatorStore(SqliteDatabase database) : IUrlValidatorStore
{
    public async Task<UrlValidators?> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT etag, last_modified, updated_at FROM url_validators WHERE url = $url").With("$url", url.AbsoluteUri);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await r.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new UrlValidators(url, r.StringOrNull(0), r.StringOrNull(1), Sql.ParseTime(r.GetString(2)))
            : null;
    }

    public async Task SaveAsync(UrlValidators validators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validators);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "INSERT INTO url_validators (url, etag, last_modified, updated_at) VALUES ($url, $etag, $lm, $at) " +
            "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at")
            .With("$url", validators.Url.AbsoluteUri).With("$etag", validators.ETag).With("$lm", validators.LastModified).With("$at", Sql.Time(validators.SeenAtUtc));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("DELETE FROM url_validators WHERE url = $url").With("$url", url.AbsoluteUri);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
