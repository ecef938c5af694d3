using SentimentWatch.Core.Exercise;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Exercise;

/// <summary>SQLite implementation of <see cref="IExerciseStore"/> (table <c>office_exercise</c>).</summary>
public sealed class SqliteExerciseStore(SqliteDatabase database) : IExerciseStore
{
    public async Task MarkAsync(string name, string marker, DateTimeOffset startedUtc, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("INSERT INTO office_exercise (name, marker, started_at) VALUES ($n, $m, $at)")
            .With("$n", name).With("$m", marker).With("$at", Sql.Time(startedUtc));
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> MarkerAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT marker FROM office_exercise ORDER BY id LIMIT 1");
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
