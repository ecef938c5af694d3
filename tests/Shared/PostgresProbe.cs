using System.Globalization;
using Npgsql;
using Xunit;

namespace SentimentWatch.Testing;

/// <summary>
/// What a test reads from a PostgreSQL database besides the code under test: one number, and whether sessions are
/// waiting on a lock — how the tests that force two "nodes" to overlap know both have reached the lock a third holds.
/// </summary>
internal static class PostgresProbe
{
    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync(CancellationToken.None), CultureInfo.InvariantCulture);
    }

    /// <summary>Polls the server until <paramref name="count"/> sessions of this database wait on a lock; fails if a racer ends first (it did not wait).</summary>
    public static async Task WaitForLockWaitersAsync(string connectionString, int count, params Task[] racers)
    {
        for (var i = 0; i < 6000; i++)
        {
            if (await ScalarAsync(connectionString, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'") >= count)
            {
                return;
            }

            if (racers.FirstOrDefault(r => r.IsCompleted) is { } done)
            {
                await done;
                Assert.Fail("a racer finished without waiting for the lock the other holds");
            }

            await Task.Delay(10);
        }

        Assert.Fail($"{count} sessions never waited on the lock");
    }
}
