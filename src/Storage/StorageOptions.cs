namespace SentimentWatch.Storage;

/// <summary>Embedded SQLite store (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>SQLite database file. Relative paths resolve against <c>Paths:Data</c>. Default <c>sentimentwatch.db</c>.</summary>
    public string Database { get; set; } = "sentimentwatch.db";

    /// <summary>How long a writer waits for a lock before failing (SQLite busy_timeout).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
