using SentimentWatch.Core.Exercise;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Exercise;

/// <summary><see cref="IExerciseStore"/> on a SQL engine (table <c>office_exercise</c>), shared by the SQLite and PostgreSQL stores.</summary>
public abstract class RelationalExerciseStore(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IExerciseStore
{
    public Task MarkAsync(string name, string marker, DateTimeOffset startedUtc, CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command("INSERT INTO office_exercise (name, marker, started_at) VALUES (@n, @m, @at)")
            .With("@n", name).With("@m", marker).With("@at", Dialect.Time(startedUtc))
            .ExecuteNonQueryAsync(cancellationToken), cancellationToken);

    public Task<string?> MarkerAsync(CancellationToken cancellationToken) =>
        Sessions.RunAsync(async session =>
            await session.Command("SELECT marker FROM office_exercise ORDER BY id LIMIT 1").ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string,
            cancellationToken);
}
