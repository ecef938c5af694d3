using System.Data;
using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Posts;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Posts;
using SentimentWatch.Storage.Tests.Support;

namespace SentimentWatch.Storage.Tests.Posts;

public sealed class SqliteSessionsTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly CancellationToken _ct = CancellationToken.None;

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task RunAsync_SameSqlTwice_ReusesConnectionAndCompiledCommand()
    {
        using var sessions = new SqliteSessions(_db.Database, maxIdle: 2);
        SqliteCommand? first = null, second = null;
        SqliteConnection? firstConnection = null, secondConnection = null;

        var a = await sessions.RunAsync(async s =>
        {
            firstConnection = s.Connection;
            first = s.Command("SELECT $x + 1").With("$x", 1);
            return await first.ScalarLongAsync(_ct);
        }, _ct);
        var b = await sessions.RunAsync(async s =>
        {
            secondConnection = s.Connection;
            second = s.Command("SELECT $x + 1").With("$x", 41);
            return await second.ScalarLongAsync(_ct);
        }, _ct);

        Assert.Equal(2, a);
        Assert.Equal(42, b); // parameters were re-bound, not left from the first use
        Assert.Same(firstConnection, secondConnection);
        Assert.Same(first, second);
        Assert.Equal(ConnectionState.Open, secondConnection!.State);
    }

    [Fact]
    public async Task RunAsync_WorkThrows_ClosesThatConnectionInsteadOfPoolingIt()
    {
        using var sessions = new SqliteSessions(_db.Database, maxIdle: 2);
        SqliteConnection? failed = null;

        await Assert.ThrowsAsync<SqliteException>(() => sessions.RunAsync(async s =>
        {
            failed = s.Connection;
            return await s.Command("SELECT * FROM no_such_table").ScalarLongAsync(_ct);
        }, _ct));

        Assert.Equal(ConnectionState.Closed, failed!.State);
        Assert.Equal(0, sessions.IdleCount);
        var next = await sessions.RunAsync(s => Task.FromResult(s.Connection), _ct);
        Assert.NotSame(failed, next);
    }

    [Fact]
    public async Task RunAsync_MoreConcurrentUsersThanMaxIdle_KeepsOnlyMaxIdleOpen()
    {
        using var sessions = new SqliteSessions(_db.Database, maxIdle: 1);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = 0;
        var connections = new SqliteConnection[3];
        var users = Enumerable.Range(0, 3).Select(i => sessions.RunAsync(async s =>
        {
            connections[i] = s.Connection;
            if (Interlocked.Increment(ref started) == 3)
            {
                release.SetResult();
            }

            // All three hold a session at once, so three connections exist.
            await release.Task.WaitAsync(TimeSpan.FromSeconds(30), _ct);
        }, _ct)).ToList();
        await Task.WhenAll(users);

        Assert.Equal(3, connections.Distinct().Count());
        Assert.Equal(1, sessions.IdleCount);
        Assert.Equal(1, connections.Count(c => c.State == ConnectionState.Open));
    }

    [Fact]
    public async Task Dispose_ClosesIdleConnections_AndRefusesFurtherWork()
    {
        var sessions = new SqliteSessions(_db.Database, maxIdle: 2);
        var connection = await sessions.RunAsync(s => Task.FromResult(s.Connection), _ct);
        Assert.Equal(ConnectionState.Open, connection.State);

        sessions.Dispose();

        Assert.Equal(ConnectionState.Closed, connection.State);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => sessions.RunAsync(s => Task.FromResult(1), _ct));
    }

    [Fact]
    public async Task Return_MoreDistinctStatementsThanTheBound_ForgetsThemBeforeTheNextUse()
    {
        using var sessions = new SqliteSessions(_db.Database, maxIdle: 1);
        var count = await sessions.RunAsync(async s =>
        {
            for (var i = 0; i <= SqliteSessions.SqliteSession.MaxStatements; i++)
            {
                await s.Command($"SELECT {i}").ScalarLongAsync(_ct);
            }

            return s.CommandCount;
        }, _ct);
        var afterReturn = await sessions.RunAsync(s => Task.FromResult(s.CommandCount), _ct);

        Assert.Equal(SqliteSessions.SqliteSession.MaxStatements + 1, count);
        Assert.Equal(0, afterReturn);
    }

    [Fact]
    public async Task CommitPage_ManyWritersAtOnce_EveryPostStoredOnce()
    {
        // Writers on separate pooled connections contend for SQLite's write lock: each page must still commit whole.
        using var store = new SqlitePostStore(_db.Database);
        var pages = Enumerable.Range(0, 12).Select(p => store.CommitPageAsync(
            Enumerable.Range(0, 20).Select(i => Some.Post(id: $"{p}-{i}", text: $"帖子 {p}-{i}")).ToList(),
            Some.T0, "tieba-fakao", $"cursor-{p}", _ct)).ToList();
        var results = await Task.WhenAll(pages);

        Assert.All(results.SelectMany(r => r), r => Assert.Equal(PostWriteOutcome.New, r.Outcome));
        Assert.Equal(240, await store.CountPostsAsync(_ct));
        Assert.Equal(240, results.SelectMany(r => r).Select(r => r.PostId).Distinct().Count());
    }
}
