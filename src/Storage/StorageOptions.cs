namespace SentimentWatch.Storage;

/// <summary>The store (section <c>Storage</c>): embedded SQLite by default, or PostgreSQL (<c>Storage:PostgreSql</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    public const string Sqlite = "sqlite";

    public const string PostgreSql = "postgresql";

    /// <summary><c>sqlite</c> (default: one file, one worker) or <c>postgresql</c> (several workers on one server).</summary>
    public string Provider { get; set; } = Sqlite;

    /// <summary>SQLite database file. Relative paths resolve against <c>Paths:Data</c>. Default <c>sentimentwatch.db</c>.</summary>
    public string Database { get; set; } = "sentimentwatch.db";

    /// <summary>How long a writer waits for a lock before failing (SQLite busy_timeout).</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Registered by a store provider other than SQLite (the PostgreSQL assembly's <c>AddPostgreSqlStorage</c>), so that
/// <c>Storage:Provider</c> naming a provider the host did not include refuses to start instead of running on SQLite.
/// </summary>
public sealed record StorageProviderRegistration(string Name);
