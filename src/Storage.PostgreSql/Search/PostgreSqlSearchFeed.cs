using SentimentWatch.Storage.Search;

namespace SentimentWatch.Storage.PostgreSql.Search;

/// <summary>
/// PostgreSQL <see cref="Core.Search.ISearchFeed"/> for the Elasticsearch index (shared logic: <see cref="RelationalSearchFeed"/>):
/// <c>post_changes</c>, <c>classifications</c> and <c>search_incident_changes</c> (migration 0520), each appended under its
/// own advisory lock so sequence order is commit order; batches read in one <c>REPEATABLE READ</c> snapshot.
/// </summary>
public sealed class PostgreSqlSearchFeed(PostgreSqlDatabase database, TimeProvider time)
    : RelationalSearchFeed(new PostgreSqlSessions(database), PostgreSqlDialect.Instance, time);
