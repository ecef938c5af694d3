using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Pipeline;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.PostgreSql.Posts;

/// <summary>PostgreSQL implementation of <see cref="Core.Storage.ISourceStateStore"/> (shared logic: <see cref="RelationalSourceStateStore"/>).</summary>
public sealed class PostgreSqlSourceStateStore(PostgreSqlDatabase database, TimeProvider time, SecretRedactor? redactor = null)
    : RelationalSourceStateStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance, time, redactor);

/// <summary>
/// PostgreSQL implementation of <see cref="Core.Fetching.IUrlValidatorStore"/> (shared logic: <see cref="RelationalUrlValidatorStore"/>);
/// the validators of a committed page's fetches are saved in one statement (rows as arrays, <c>unnest</c>), not one round trip each.
/// </summary>
public sealed class PostgreSqlUrlValidatorStore(PostgreSqlDatabase database)
    : RelationalUrlValidatorStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance), Core.Fetching.IUrlValidatorStore
{
    public Task SaveAllAsync(IReadOnlyList<Core.Fetching.UrlValidators> validators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validators);
        if (validators.Count == 0)
        {
            return Task.CompletedTask;
        }

        // One row per URL, the last saved winning, as one save after the other would leave it (an upsert may not touch a row twice).
        var rows = validators.GroupBy(v => v.Url.AbsoluteUri, StringComparer.Ordinal).Select(g => g.Last()).ToList();
        return Sessions.RunAsync(session => session.Command(
            "INSERT INTO url_validators (url, etag, last_modified, updated_at) " +
            "SELECT url, etag, lm, at FROM unnest(@url::text[], @etag::text[], @lm::text[], @at::timestamptz[]) WITH ORDINALITY AS u(url, etag, lm, at, n) ORDER BY n " +
            "ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified, updated_at = excluded.updated_at")
            .With("@url", rows.ConvertAll(v => v.Url.AbsoluteUri).ToArray())
            .With("@etag", rows.ConvertAll(v => v.ETag).ToArray())
            .With("@lm", rows.ConvertAll(v => v.LastModified).ToArray())
            .With("@at", rows.ConvertAll(v => v.SeenAtUtc.ToUniversalTime()).ToArray())
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);
    }
}

/// <summary>PostgreSQL implementation of <see cref="Core.Collection.IRecrawlStore"/> (shared logic: <see cref="Recrawl.RelationalRecrawlStore"/>).</summary>
public sealed class PostgreSqlRecrawlStore(PostgreSqlDatabase database)
    : Recrawl.RelationalRecrawlStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);

/// <summary>PostgreSQL implementation of <see cref="Core.Images.IPostImageStore"/> (shared logic: <see cref="Images.RelationalPostImageStore"/>).</summary>
public sealed class PostgreSqlPostImageStore(PostgreSqlDatabase database)
    : Images.RelationalPostImageStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);
