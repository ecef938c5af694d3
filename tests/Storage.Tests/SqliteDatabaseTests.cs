using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Tests.Support;

namespace SentimentWatch.Storage.Tests;

public sealed class SqliteDatabaseTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Migrate_Twice_AppliesEachMigrationOnce()
    {
        await _db.Database.MigrateAsync(_ct);
        await _db.Database.MigrateAsync(_ct);

        await using var connection = await _db.Database.OpenAsync(_ct);
        await using var command = connection.Command("SELECT COUNT(*) FROM schema_migrations");
        Assert.Equal(SqliteDatabase.EmbeddedMigrations().Count, await command.ScalarLongAsync(_ct));
    }

    [Fact]
    public async Task Migrate_FromTwoInstancesAtOnce_DoesNotFailOrDuplicate()
    {
        var other = new SqliteDatabase(_db.Database.Path);
        await Task.WhenAll(_db.Database.MigrateAsync(_ct), other.MigrateAsync(_ct), Task.Run(() => other.MigrateAsync(_ct), _ct));

        await using var connection = await _db.Database.OpenAsync(_ct);
        await using var command = connection.Command("SELECT COUNT(*) FROM schema_migrations");
        Assert.Equal(SqliteDatabase.EmbeddedMigrations().Count, await command.ScalarLongAsync(_ct));
    }

    [Fact]
    public async Task Open_UsesWriteAheadLogAndForeignKeys()
    {
        await using var connection = await _db.Database.OpenAsync(_ct);
        await using var wal = connection.Command("PRAGMA journal_mode");
        Assert.Equal("wal", (string?)await wal.ExecuteScalarAsync(_ct));
        await using var fk = connection.Command("PRAGMA foreign_keys");
        Assert.Equal(1, await fk.ScalarLongAsync(_ct));
    }

    [Fact]
    public void EmbeddedMigrations_AreOrderedByFileName_AndIncludePosts()
    {
        var ids = SqliteDatabase.EmbeddedMigrations().Select(m => m.Id).ToList();
        Assert.Contains("0100_posts", ids);
        Assert.Equal(ids.Order(StringComparer.Ordinal), ids);
    }
}
