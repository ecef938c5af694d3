using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Evidence;

/// <summary>SQLite index of evidence packets (migration 0400; the logic is <see cref="RelationalEvidenceStore"/>'s).</summary>
public sealed class SqliteEvidenceStore(SqliteDatabase database)
    : RelationalEvidenceStore(new SqliteSessions(database, maxIdle: 2), SqliteDialect.Instance);
