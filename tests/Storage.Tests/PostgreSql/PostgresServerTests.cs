using Npgsql;

namespace SentimentWatch.Storage.Tests.PostgreSql;

/// <summary>The test fixture itself: a real Debian PostgreSQL started by the tests, one database per test.</summary>
public sealed class PostgresServerTests
{
    [Fact]
    public async Task SharedServer_TwoDatabases_AreSeparateAndAnswerOnLoopback()
    {
        var server = PostgresServer.Shared;
        var first = await server.CreateDatabaseAsync();
        var second = await server.CreateDatabaseAsync();
        Assert.NotEqual(first, second);

        await using (var connection = new NpgsqlConnection(first))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE TABLE probe (id bigint PRIMARY KEY); INSERT INTO probe VALUES (7)", connection);
            await create.ExecuteNonQueryAsync();
            await using var version = new NpgsqlCommand("SHOW server_version_num", connection);
            Assert.True(int.Parse((string)(await version.ExecuteScalarAsync())!, System.Globalization.CultureInfo.InvariantCulture) >= 130000);
            await using var address = new NpgsqlCommand("SELECT host(inet_server_addr())", connection);
            Assert.Equal("127.0.0.1", await address.ExecuteScalarAsync());
        }

        await using (var connection = new NpgsqlConnection(second))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand("SELECT to_regclass('probe') IS NULL", connection);
            Assert.Equal(true, await exists.ExecuteScalarAsync());
        }
    }
}
