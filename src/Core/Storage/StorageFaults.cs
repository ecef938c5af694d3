using System.Globalization;

namespace SentimentWatch.Core.Storage;

/// <summary>A storage fault that ended: what it was, since when, how many operations it failed.</summary>
public sealed record StorageFaultEpisode(string Reason, DateTimeOffset SinceUtc, DateTimeOffset UntilUtc, int Failures);

/// <summary>
/// The process's view of its store's health (issue 13: a full disk was silent). A storage failure — disk full,
/// read-only file system, I/O error — is recorded here with its reason; collection then pauses with a growing back-off
/// (5 s doubling to 5 min) instead of spinning, and resumes by itself at the first write that succeeds. One-shot verbs
/// and the demo read <see cref="Total"/> to exit non-zero.
/// </summary>
public sealed class StorageFaults(TimeProvider time)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private readonly Lock _lock = new();
    private string? _reason;
    private DateTimeOffset _since;
    private DateTimeOffset _nextAttempt;
    private TimeSpan _backoff = FirstBackoff;
    private int _failures;

    /// <summary>The current fault's reason, or null when the store is healthy.</summary>
    public string? Current
    {
        get
        {
            lock (_lock)
            {
                return _reason;
            }
        }
    }

    /// <summary>Storage failures seen by this process since it started.</summary>
    public int Total { get; private set; }

    /// <summary>The first reason seen by this process, for the final summary.</summary>
    public string? FirstReason { get; private set; }

    /// <summary>
    /// What kind of storage failure <paramref name="ex"/> (or an inner exception) is — "disk full", "read-only",
    /// "I/O error", "store unreachable" — or null when it is something else (a bug, a constraint, a cancellation).
    /// </summary>
    public static string? Classify(Exception? ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is StoreUnavailableException)
            {
                return "store unreachable";
            }

            var m = e.Message;
            // SQLite's primary result codes as Microsoft.Data.Sqlite words them: 13 FULL, 8 READONLY, 10 IOERR, 14 CANTOPEN.
            if (m.Contains("SQLite Error 13", StringComparison.Ordinal) || m.Contains("disk is full", StringComparison.OrdinalIgnoreCase)
                || m.Contains("No space left on device", StringComparison.OrdinalIgnoreCase) || (e is IOException && e.HResult is 28 or 0x70 or unchecked((int)0x80070070)))
            {
                return "disk full";
            }

            if (m.Contains("SQLite Error 8", StringComparison.Ordinal) || m.Contains("readonly database", StringComparison.OrdinalIgnoreCase)
                || m.Contains("Read-only file system", StringComparison.OrdinalIgnoreCase) || (e is IOException && e.HResult == 30))
            {
                return "read-only";
            }

            if (m.Contains("SQLite Error 10", StringComparison.Ordinal) || m.Contains("SQLite Error 14", StringComparison.Ordinal)
                || m.Contains("disk I/O error", StringComparison.OrdinalIgnoreCase) || (e is IOException && e.HResult == 5))
            {
                return "I/O error";
            }
        }

        return null;
    }

    /// <summary>Records a storage failure; returns the reason to report ("storage failure (disk full): …"), or null when <paramref name="ex"/> is not one.</summary>
    public string? Record(Exception ex)
    {
        if (Classify(ex) is not { } kind)
        {
            return null;
        }

        var reason = $"storage failure ({kind}): {ex.Message}";
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_reason is null)
            {
                _since = now;
                _backoff = FirstBackoff;
            }
            else
            {
                _backoff = TimeSpan.FromTicks(Math.Min(_backoff.Ticks * 2, MaxBackoff.Ticks));
            }

            _reason = reason;
            _failures++;
            _nextAttempt = now + _backoff;
            Total++;
            FirstReason ??= reason;
        }

        return reason;
    }

    /// <summary>While a fault is current and its back-off has not run out: why work should wait, and until when.</summary>
    public string? PauseReason()
    {
        lock (_lock)
        {
            return _reason is not null && time.GetUtcNow() < _nextAttempt
                ? string.Create(CultureInfo.InvariantCulture, $"collection paused: {_reason} (since {_since:u}); next attempt after {_nextAttempt:u}")
                : null;
        }
    }

    /// <summary>Marks the store healthy after a successful write; returns the episode that ended, if there was one.</summary>
    public StorageFaultEpisode? Recovered()
    {
        lock (_lock)
        {
            if (_reason is null)
            {
                return null;
            }

            var episode = new StorageFaultEpisode(_reason, _since, time.GetUtcNow(), _failures);
            _reason = null;
            _failures = 0;
            return episode;
        }
    }
}
