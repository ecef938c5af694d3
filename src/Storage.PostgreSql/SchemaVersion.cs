using System.Globalization;

namespace SentimentWatch.Storage.PostgreSql;

/// <summary>A schema this binary must not run against; the message names both versions.</summary>
public sealed class SchemaVersionException : Exception
{
    public SchemaVersionException(string message)
        : base(message)
    {
    }

    public SchemaVersionException()
    {
    }

    public SchemaVersionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Compares the migrations recorded in a database with the ones this binary carries. A migration's version is the
/// number its file name starts with (<c>0100_posts</c> → 100); a schema's version is its highest applied one.
/// </summary>
internal static class SchemaVersion
{
    /// <summary>
    /// The oldest schema this binary can bring up to date. Raised when a release stops carrying the migrations that
    /// lead from an older schema (then an older database must first be migrated by the release in between).
    /// </summary>
    public const int OldestUpgradable = 100;

    public static int Of(string id) =>
        int.TryParse(id.AsSpan(0, Math.Min(4, id.Length)), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : -1;

    /// <summary>Throws <see cref="SchemaVersionException"/> when <paramref name="applied"/> is newer than or too old for <paramref name="known"/>.</summary>
    public static void Check(IReadOnlySet<string> applied, IReadOnlyList<string> known, string where)
    {
        if (applied.Count == 0)
        {
            return;
        }

        var binary = known.Count == 0 ? 0 : known.Max(Of);
        var newest = applied.MaxBy(Of)!;
        var database = Of(newest);
        if (database > binary)
        {
            throw new SchemaVersionException(string.Create(CultureInfo.InvariantCulture,
                $"The PostgreSQL schema at {where} is version {database:0000} ({newest}), newer than this binary knows (version {binary:0000}): a newer SentimentWatch has migrated it. Run the same release on every node, or point this one at another database."));
        }

        if (database < OldestUpgradable)
        {
            throw new SchemaVersionException(string.Create(CultureInfo.InvariantCulture,
                $"The PostgreSQL schema at {where} is version {database:0000} ({newest}), older than this binary can migrate (oldest {OldestUpgradable:0000}, this binary's version {binary:0000})."));
        }

        var foreign = applied.Where(id => !known.Contains(id, StringComparer.Ordinal)).Order(StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
        {
            throw new SchemaVersionException(string.Create(CultureInfo.InvariantCulture,
                $"The PostgreSQL schema at {where} (version {database:0000}) records migrations this binary (version {binary:0000}) does not carry: {string.Join(", ", foreign)}."));
        }
    }
}
