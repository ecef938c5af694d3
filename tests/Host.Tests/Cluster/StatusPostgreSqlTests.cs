using SentimentWatch.Host.Tests.Crash;
using SentimentWatch.Testing;

namespace SentimentWatch.Host.Tests.Cluster;

/// <summary><c>sw status</c> with <c>Storage:Provider=postgresql</c>: the real executable against the PostgreSQL the tests start.</summary>
public sealed class StatusPostgreSqlTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sw-pgstatus-").FullName;

    [Fact]
    public async Task Status_PostgreSqlStore_NamesServerAndSchema_NotTheSqliteFile()
    {
        var connection = await PostgresServer.Shared.CreateDatabaseAsync("status");
        var database = new Npgsql.NpgsqlConnectionStringBuilder(connection).Database!;
        var (exit, stdout, stderr) = await SwProcess.RunAsync(_dir, Settings(connection), TimeSpan.FromMinutes(3), "status", "--config", Config());

        Assert.True(exit == 0, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains($"store: PostgreSQL 127.0.0.1:{PostgresServer.Shared.Port}/{database}", stdout, StringComparison.Ordinal);
        Assert.Contains("takes writes; schema ", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(".db", stdout, StringComparison.Ordinal);
        Assert.Contains("last runs:", stdout, StringComparison.Ordinal);
        Assert.Empty(Directory.Exists(Path.Combine(_dir, "data")) ? Directory.GetFiles(Path.Combine(_dir, "data"), "*.db*", SearchOption.AllDirectories) : []);
    }

    [Fact]
    public async Task Status_PostgreSqlServerUnreachable_RefusedNamingTheServer_NoSqliteFileNamed()
    {
        var closed = SwProcess.FreePort();
        var (exit, stdout, stderr) = await SwProcess.RunAsync(_dir, Settings($"Host=127.0.0.1;Port={closed};Username=postgres;Database=gone;Timeout=5"),
            TimeSpan.FromMinutes(3), "status", "--config", Config());

        // The start-up check every verb runs refuses an unreachable store (exit 2, usage/configuration) before status looks.
        Assert.True(exit == 2, $"exit {exit}\n{stdout}\n{stderr}");
        Assert.Contains($"PostgreSQL at 127.0.0.1:{closed} (database gone) is unreachable", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(".db", stdout, StringComparison.Ordinal);
    }

    private string Config() => SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));

    private Dictionary<string, string?> Settings(string connection) => new()
    {
        ["Storage:Provider"] = "postgresql",
        // The child resolves env:SW_TEST_PG itself (SwProcess passes each setting as SW_KEY).
        ["TEST_PG"] = connection,
        ["Storage:PostgreSql:ConnectionString"] = "env:SW_TEST_PG",
        ["Search:Provider"] = "elasticsearch",
        ["Search:Elasticsearch:Urls:0"] = $"http://127.0.0.1:{SwProcess.FreePort()}",
        ["Paths:Data"] = Path.Combine(_dir, "data"),
    };

    public void Dispose() => SwProcess.DeleteQuietly(_dir);
}
