namespace SentimentWatch.Storage.PostgreSql;

/// <summary>The PostgreSQL store (section <c>Storage:PostgreSql</c>), used when <c>Storage:Provider</c> is <c>postgresql</c>.</summary>
public sealed class PostgreSqlOptions
{
    public const string Section = "Storage:PostgreSql";

    /// <summary>
    /// An Npgsql connection string, or a reference to one: <c>secret:KEY</c> (from <c>Secrets:KEY</c> in
    /// <c>config/secrets.json</c>) or <c>env:NAME</c>. A literal string carrying a password is refused.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Whether start-up connects and checks the schema version (on by default; a check never migrates).</summary>
    public bool CheckOnStart { get; set; } = true;
}
