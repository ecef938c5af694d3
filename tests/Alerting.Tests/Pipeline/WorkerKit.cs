using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace SentimentWatch.Alerting.Tests.Pipeline;

/// <summary>Helpers for driving the hosted loops: waiting for a durable effect, holding the database's write lock, recording log events.</summary>
internal static class WorkerKit
{
    /// <summary>
    /// Polls <paramref name="condition"/> until it holds, moving fake time on by <paramref name="tick"/> between polls so
    /// a loop waiting on its poll delay runs again. The 60 s bound only turns a hang into a failure; nothing is timed.
    /// </summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, FakeTimeProvider time, TimeSpan tick, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException("never happened: " + what);
            }

            time.Advance(tick);
            await Task.Delay(20);
        }
    }

    /// <summary>Takes SQLite's write lock on <paramref name="path"/> (BEGIN EXCLUSIVE) until disposed: every writer then fails with SQLITE_BUSY.</summary>
    public static SqliteConnection HoldWriteLock(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE";
        begin.ExecuteNonQuery();
        return connection;
    }
}

/// <summary>Records every log event (id and level) so tests can see that a loop reported a failure rather than hid it.</summary>
internal sealed class RecordingLoggerProvider : ILoggerProvider
{
    public ConcurrentQueue<(int Id, LogLevel Level, string Message)> Events { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    public int Count(int eventId) => Events.Count(e => e.Id == eventId);

    private sealed class Logger(RecordingLoggerProvider owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Events.Enqueue((eventId.Id, logLevel, formatter(state, exception)));
    }
}
