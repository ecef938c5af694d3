using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace SentimentWatch.Storage.PostgreSql.Copy;

/// <summary>One table of a copy: rows on each side, rows this run inserted, each side's content hash, and what went wrong.</summary>
public sealed record TableCopy(string Table, long SourceRows, long TargetRows, long Copied, string SourceHash, string TargetHash, IReadOnlyList<string> Problems)
{
    /// <summary>Same rows, same content, nothing went wrong.</summary>
    public bool Verified => Problems.Count == 0 && SourceRows == TargetRows && SourceHash == TargetHash;
}

/// <summary>What <see cref="StoreCopier.CopyAsync"/> did: every table, the SQLite tables it left out on purpose (and why), and every failure.</summary>
public sealed record StoreCopyReport(string Source, string Target, IReadOnlyList<TableCopy> Tables, IReadOnlyList<string> Skipped, IReadOnlyList<string> Failures)
{
    public bool Verified => Failures.Count == 0 && Tables.All(t => t.Verified);
}

/// <summary>
/// A text column whose values the copy changes on the way: <paramref name="Values"/> maps a SQLite value to the value the
/// PostgreSQL row holds (an evidence packet's absolute path to where the packet was copied). Verification compares the
/// rewritten SQLite value.
/// </summary>
public sealed record ColumnRewrite(string Table, string Column, IReadOnlyDictionary<string, string> Values);

/// <summary>The copy cannot start: the source or target is not what this binary can copy (named in the message).</summary>
public sealed class StoreCopyRefusedException : Exception
{
    public StoreCopyRefusedException(string message)
        : base(message)
    {
    }

    public StoreCopyRefusedException()
    {
    }

    public StoreCopyRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Copies an SQLite store into PostgreSQL (<c>sw store migrate --to postgresql</c>), table by table in foreign-key order,
/// in batches of <see cref="BatchSize"/> rows each committed on its own, then verifies every table: row counts and a
/// SHA-256 over each side's rows in key order, values compared as the PostgreSQL column holds them (times at
/// microseconds, PostgreSQL's resolution). Safe to re-run: rows already there are skipped (<c>ON CONFLICT DO
/// NOTHING</c>; a table keyed by one integer resumes after the target's highest key), so a second run copies nothing
/// new and verifies, and a run interrupted anywhere is finished by the next. Identity sequences are moved past the
/// copied ids. The feeds PostgreSQL's triggers write (queue changes, incident joins, search incident changes) are
/// copied as rows like any other table, so the triggers are off for each batch's insert (in the batch's transaction:
/// an interrupted batch leaves them on).
/// </summary>
public sealed class StoreCopier(string sqlitePath, PostgreSqlDatabase target)
{
    /// <summary>SQLite-only tables: the embedded FTS5 search index. With PostgreSQL search is Elasticsearch's, rebuilt from the store.</summary>
    private static readonly string[] EmbeddedSearchTables = ["search_fts", "search_docs", "search_labels", "search_contacts", "search_tags"];

    private const int MaxProblemsPerTable = 5;

    /// <summary>Rows per committed batch.</summary>
    public int BatchSize { get; init; } = 5_000;

    /// <summary>Values changed on the way (stored file paths that moved with <see cref="StoreFileCopier"/>); rows already in PostgreSQL are re-pointed too.</summary>
    public IReadOnlyList<ColumnRewrite> Rewrites { get; init; } = [];

    /// <summary>Called after each committed batch with the table and the rows this run has inserted into it so far.</summary>
    public Action<string, long>? BatchCommitted { get; init; }

    public async Task<StoreCopyReport> CopyAsync(CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1);
        if (!File.Exists(sqlitePath))
        {
            throw new StoreCopyRefusedException($"No SQLite store at {sqlitePath} (Paths:Data / Storage:Database): nothing to copy.");
        }

        await using var source = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = sqlitePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await source.OpenAsync(cancellationToken).ConfigureAwait(false);
        await CheckSourceVersionAsync(source, cancellationToken).ConfigureAwait(false);
        await PrepareTargetAsync(cancellationToken).ConfigureAwait(false);

        await using var connection = await target.OpenRawAsync(cancellationToken).ConfigureAwait(false);
        var targetTables = await TargetTablesAsync(connection, cancellationToken).ConfigureAwait(false);
        var sourceTables = await SourceTablesAsync(source, cancellationToken).ConfigureAwait(false);
        var failures = new List<string>();
        var skipped = new List<string>();
        foreach (var (name, columns) in sourceTables.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            if (EmbeddedSearchTables.Any(s => name == s || name.StartsWith(s + "_", StringComparison.Ordinal)))
            {
                skipped.Add($"{name}: SQLite's embedded search index (FTS5); with PostgreSQL search is Elasticsearch's — run `sw search reindex` there");
            }
            else if (!targetTables.TryGetValue(name, out var table))
            {
                failures.Add($"{name}: table of the SQLite store has no PostgreSQL counterpart in this binary's schema; its {columns.Count} column(s) would be lost");
            }
            else if (!columns.ToHashSet(StringComparer.Ordinal).SetEquals(table.Columns.Select(c => c.Name)))
            {
                failures.Add($"{name}: columns differ: SQLite has [{string.Join(", ", columns.Except(table.Columns.Select(c => c.Name)))}] that PostgreSQL lacks, " +
                    $"PostgreSQL has [{string.Join(", ", table.Columns.Select(c => c.Name).Except(columns))}] that SQLite lacks");
            }
        }

        failures.AddRange(targetTables.Keys.Where(t => !sourceTables.ContainsKey(t) && t != "schema_migrations")
            .Select(t => $"{t}: PostgreSQL table missing from the SQLite store (a schema mismatch)"));
        if (failures.Count > 0)
        {
            // A table that cannot be copied whole is never half-copied: refuse before the first row.
            return new StoreCopyReport(sqlitePath, target.Where, [], skipped, failures);
        }

        var results = new List<TableCopy>();
        foreach (var table in InForeignKeyOrder(targetTables.Values.Where(t => sourceTables.ContainsKey(t.Name))))
        {
            results.Add(await CopyTableAsync(source, connection, table, cancellationToken).ConfigureAwait(false));
        }

        return new StoreCopyReport(sqlitePath, target.Where, results, skipped, failures);
    }

    private static async Task CheckSourceVersionAsync(SqliteConnection source, CancellationToken cancellationToken)
    {
        var applied = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await using var command = new SqliteCommand("SELECT id FROM schema_migrations", source);
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(r.GetString(0));
            }
        }
        catch (SqliteException ex)
        {
            throw new StoreCopyRefusedException($"{source.DataSource} is not a SentimentWatch SQLite store: {ex.Message}", ex);
        }

        if (applied.Count == 0)
        {
            throw new StoreCopyRefusedException($"{source.DataSource} is not a SentimentWatch SQLite store: it records no migrations");
        }

        var known = SqliteDatabase.EmbeddedMigrations().Select(m => m.Id).ToList();
        var unknown = applied.Except(known).Order(StringComparer.Ordinal).ToList();
        var missing = known.Except(applied).ToList();
        if (unknown.Count > 0 || missing.Count > 0)
        {
            throw new StoreCopyRefusedException(
                $"The SQLite store {source.DataSource} is at version {applied.Max(SchemaVersion.Of):0000}, this binary's SQLite schema is {known.Max(SchemaVersion.Of):0000}" +
                (unknown.Count > 0 ? $"; it has migrations this binary does not know ({string.Join(", ", unknown)}): copy it with the release that wrote it" : "") +
                (missing.Count > 0 ? $"; it lacks {string.Join(", ", missing)}: run any `sw` command on it with this release first (it migrates), then copy" : ""));
        }
    }

    /// <summary>An empty database gets this binary's schema; one at exactly this binary's version is used as it is; any other is refused.</summary>
    private async Task PrepareTargetAsync(CancellationToken cancellationToken)
    {
        var applied = await target.AppliedIdsAsync(cancellationToken).ConfigureAwait(false);
        var known = PostgreSqlDatabase.KnownIds;
        if (applied.Count == 0)
        {
            await target.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!applied.SetEquals(known))
        {
            var newest = applied.MaxBy(SchemaVersion.Of)!;
            throw new StoreCopyRefusedException(string.Create(CultureInfo.InvariantCulture,
                $"The PostgreSQL schema at {target.Where} is version {SchemaVersion.Of(newest):0000} ({newest}), this binary's is {SchemaVersion.Of(known[^1]):0000} ({known[^1]})") +
                (applied.Except(known).ToList() is { Count: > 0 } unknown ? $"; migrations this binary does not know: {string.Join(", ", unknown)}" : "") +
                (known.Except(applied).ToList() is { Count: > 0 } missing ? $"; not applied there: {string.Join(", ", missing)}" : "") +
                ". Copy into an empty database, or into one this release created.");
        }
    }

    private async Task<TableCopy> CopyTableAsync(SqliteConnection source, NpgsqlConnection connection, TargetTable table, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        long copied = 0;
        try
        {
            copied = await CopyRowsAsync(source, connection, table, cancellationToken).ConfigureAwait(false);
            await RepointAsync(connection, table, cancellationToken).ConfigureAwait(false);
            await MoveIdentityAsync(connection, table, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is PostgresException or SqliteException or InvalidCastException or FormatException or OverflowException)
        {
            problems.Add($"copy stopped: {ex.Message}");
        }

        var (sourceRows, sourceHash, targetRows, targetHash) = await VerifyAsync(source, connection, table, problems, cancellationToken).ConfigureAwait(false);
        return new TableCopy(table.Name, sourceRows, targetRows, copied, sourceHash, targetHash, problems);
    }

    /// <summary>Streams the SQLite rows in key order into batches: binary COPY into a temporary table, then one INSERT … ON CONFLICT DO NOTHING.</summary>
    private async Task<long> CopyRowsAsync(SqliteConnection source, NpgsqlConnection connection, TargetTable table, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Columns.Select(c => Quote(c.Name)));
        var resumeAfter = table.IntegerKey is { } key ? await MaxKeyAsync(connection, table.Name, key, cancellationToken).ConfigureAwait(false) : null;
        await using var read = new SqliteCommand(
            $"SELECT {columns} FROM {Quote(table.Name)}{(resumeAfter is null ? "" : $" WHERE {Quote(table.IntegerKey!)} > $after")} ORDER BY {string.Join(", ", table.Key.Select(Quote))}", source);
        if (resumeAfter is { } after)
        {
            read.Parameters.AddWithValue("$after", after);
        }

        await using var r = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var batch = new List<object?[]>(BatchSize);
        long copied = 0;
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var row = new object?[table.Columns.Count];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Rewrite(table, i, ToTarget(r.IsDBNull(i) ? null : r.GetValue(i), table.Columns[i], table, () => KeyOf(r, table)));
            }

            batch.Add(row);
            if (batch.Count == BatchSize)
            {
                copied += await WriteBatchAsync(connection, table, columns, batch, cancellationToken).ConfigureAwait(false);
                BatchCommitted?.Invoke(table.Name, copied);
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            copied += await WriteBatchAsync(connection, table, columns, batch, cancellationToken).ConfigureAwait(false);
            BatchCommitted?.Invoke(table.Name, copied);
        }

        return copied;
    }

    private static async Task<long> WriteBatchAsync(NpgsqlConnection connection, TargetTable table, string columns, List<object?[]> rows, CancellationToken cancellationToken)
    {
        await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecAsync(connection, tx, $"CREATE TEMP TABLE sw_copy (LIKE {Quote(table.Name)}) ON COMMIT DROP", cancellationToken).ConfigureAwait(false);
        await using (var import = await connection.BeginBinaryImportAsync($"COPY sw_copy ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                await import.StartRowAsync(cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < row.Length; i++)
                {
                    if (row[i] is null)
                    {
                        await import.WriteNullAsync(cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        await import.WriteAsync(row[i], table.Columns[i].DbType, cancellationToken).ConfigureAwait(false);
                    }
                }
            }

            await import.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        // The rows are copied as they are, feeds included: the triggers that would append to those feeds stay off for this
        // insert. ALTER TABLE is transactional, so a batch that never commits leaves them on.
        await ExecAsync(connection, tx, $"ALTER TABLE {Quote(table.Name)} DISABLE TRIGGER USER", cancellationToken).ConfigureAwait(false);
        long inserted;
        await using (var insert = new NpgsqlCommand($"INSERT INTO {Quote(table.Name)} ({columns}) SELECT {columns} FROM sw_copy ON CONFLICT DO NOTHING", connection, tx))
        {
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await ExecAsync(connection, tx, $"ALTER TABLE {Quote(table.Name)} ENABLE TRIGGER USER", cancellationToken).ConfigureAwait(false);
        await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        return inserted;
    }

    private object? Rewrite(TargetTable table, int column, object? value) =>
        value is string text && Rewrites.FirstOrDefault(w => w.Table == table.Name && w.Column == table.Columns[column].Name) is { } rewrite &&
        rewrite.Values.TryGetValue(text, out var replaced) ? replaced : value;

    /// <summary>
    /// Rows an earlier run copied with the old value get the new one, in one transaction with the table's triggers off (the
    /// change is the copy's, not an event the feeds should see).
    /// </summary>
    private async Task RepointAsync(NpgsqlConnection connection, TargetTable table, CancellationToken cancellationToken)
    {
        foreach (var rewrite in Rewrites.Where(w => w.Table == table.Name && w.Values.Count > 0))
        {
            await using var tx = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecAsync(connection, tx, $"ALTER TABLE {Quote(table.Name)} DISABLE TRIGGER USER", cancellationToken).ConfigureAwait(false);
            await using (var update = new NpgsqlCommand(
                $"UPDATE {Quote(table.Name)} SET {Quote(rewrite.Column)} = m.new FROM unnest(@old, @new) AS m(old, new) WHERE {Quote(rewrite.Column)} = m.old", connection, tx))
            {
                update.Parameters.AddWithValue("old", rewrite.Values.Keys.ToArray());
                update.Parameters.AddWithValue("new", rewrite.Values.Values.ToArray());
                await update.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await ExecAsync(connection, tx, $"ALTER TABLE {Quote(table.Name)} ENABLE TRIGGER USER", cancellationToken).ConfigureAwait(false);
            await tx.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<long?> MaxKeyAsync(NpgsqlConnection connection, string table, string key, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"SELECT MAX({Quote(key)}) FROM {Quote(table)}", connection);
        var value = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is null or DBNull ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);
    }

    /// <summary>New rows written on PostgreSQL after the copy get ids past the copied ones.</summary>
    private static async Task MoveIdentityAsync(NpgsqlConnection connection, TargetTable table, CancellationToken cancellationToken)
    {
        foreach (var column in table.Columns.Where(c => c.Identity))
        {
            await using var command = new NpgsqlCommand(
                $"SELECT setval(pg_get_serial_sequence(@t, @c), m) FROM (SELECT MAX({Quote(column.Name)}) AS m FROM {Quote(table.Name)}) x WHERE m IS NOT NULL", connection);
            command.Parameters.AddWithValue("t", "public." + Quote(table.Name));
            command.Parameters.AddWithValue("c", column.Name);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Both sides in key order (text keys in byte order on both engines: SQLite's BINARY, PostgreSQL's "C"), each row as
    /// the canonical text of its values as PostgreSQL holds them; counts, a SHA-256 per side, and the first rows that differ.
    /// </summary>
    private async Task<(long SourceRows, string SourceHash, long TargetRows, string TargetHash)> VerifyAsync(
        SqliteConnection source, NpgsqlConnection connection, TargetTable table, List<string> problems, CancellationToken cancellationToken)
    {
        var columns = string.Join(", ", table.Columns.Select(c => Quote(c.Name)));
        await using var read = new SqliteCommand($"SELECT {columns} FROM {Quote(table.Name)} ORDER BY {string.Join(", ", table.Key.Select(Quote))}", source);
        await using var s = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(
            $"SELECT {columns} FROM {Quote(table.Name)} ORDER BY {string.Join(", ", table.Key.Select(k => table.Columns.First(c => c.Name == k).DbType == NpgsqlDbType.Text ? $"{Quote(k)} COLLATE \"C\"" : Quote(k)))}",
            connection);
        await using var t = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        using var sourceHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var targetHash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long sourceRows = 0, targetRows = 0;
        var differing = 0;
        var hasS = await s.ReadAsync(cancellationToken).ConfigureAwait(false);
        var hasT = await t.ReadAsync(cancellationToken).ConfigureAwait(false);
        while (hasS || hasT)
        {
            string? left = null, right = null;
            if (hasS)
            {
                sourceRows++;
                left = SourceRow(s, table);
                sourceHash.AppendData(Encoding.UTF8.GetBytes(left));
            }

            if (hasT)
            {
                targetRows++;
                right = TargetRow(t, table);
                targetHash.AppendData(Encoding.UTF8.GetBytes(right));
            }

            if (!string.Equals(left, right, StringComparison.Ordinal) && differing++ < MaxProblemsPerTable)
            {
                problems.Add(left is null ? $"row only in PostgreSQL: {Shorten(right!)}"
                    : right is null ? $"row not in PostgreSQL: {Shorten(left)}"
                    : $"rows differ at the same position: SQLite {Shorten(left)} / PostgreSQL {Shorten(right)}");
            }

            hasS = hasS && await s.ReadAsync(cancellationToken).ConfigureAwait(false);
            hasT = hasT && await t.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        if (differing > MaxProblemsPerTable)
        {
            problems.Add($"… {differing - MaxProblemsPerTable} more differing row position(s)");
        }

        return (sourceRows, Convert.ToHexStringLower(sourceHash.GetHashAndReset()), targetRows, Convert.ToHexStringLower(targetHash.GetHashAndReset()));
    }

    private string SourceRow(SqliteDataReader r, TargetTable table)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < table.Columns.Count; i++)
        {
            string text;
            try
            {
                text = Canonical(Rewrite(table, i, ToTarget(r.IsDBNull(i) ? null : r.GetValue(i), table.Columns[i], table, () => KeyOf(r, table))));
            }
            catch (FormatException ex)
            {
                text = "!" + ex.Message;
            }

            sb.Append(text).Append('\u001f');
        }

        return sb.Append('\u001e').ToString();
    }

    private static string TargetRow(NpgsqlDataReader r, TargetTable table)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < table.Columns.Count; i++)
        {
            sb.Append(Canonical(r.IsDBNull(i) ? null : table.Columns[i].DbType switch
            {
                NpgsqlDbType.TimestampTz => r.GetFieldValue<DateTimeOffset>(i),
                NpgsqlDbType.Bytea => r.GetFieldValue<byte[]>(i),
                _ => r.GetValue(i),
            })).Append('\u001f');
        }

        return sb.Append('\u001e').ToString();
    }

    /// <summary>A SQLite value as the PostgreSQL column holds it (times cut to microseconds); a value that does not fit names its row.</summary>
    private static object? ToTarget(object? value, TargetColumn column, TargetTable table, Func<string> key)
    {
        if (value is null)
        {
            return null;
        }

        try
        {
            return column.DbType switch
            {
                NpgsqlDbType.TimestampTz => value is string s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                    ? new DateTimeOffset(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero)
                    : throw new FormatException($"'{value}' is not a time"),
                NpgsqlDbType.Bigint => Convert.ToInt64(value, CultureInfo.InvariantCulture),
                NpgsqlDbType.Integer => Convert.ToInt32(value, CultureInfo.InvariantCulture),
                NpgsqlDbType.Smallint => Convert.ToInt16(value, CultureInfo.InvariantCulture),
                NpgsqlDbType.Double => Convert.ToDouble(value, CultureInfo.InvariantCulture),
                NpgsqlDbType.Real => Convert.ToSingle(value, CultureInfo.InvariantCulture),
                NpgsqlDbType.Boolean => Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
                NpgsqlDbType.Bytea => value as byte[] ?? Encoding.UTF8.GetBytes(Convert.ToString(value, CultureInfo.InvariantCulture)!),
                _ => value is byte[] ? throw new FormatException("a blob in a text column") : Text(value),
            };
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException)
        {
            throw new FormatException($"{table.Name}.{column.Name} at {key()}: {ex.Message} (PostgreSQL column {column.DbType})", ex);
        }

        static string Text(object value)
        {
            var s = value is double d ? d.ToString("R", CultureInfo.InvariantCulture) : Convert.ToString(value, CultureInfo.InvariantCulture)!;
            return s.Contains('\0', StringComparison.Ordinal) ? throw new FormatException("text with U+0000, which PostgreSQL text cannot hold") : s;
        }
    }

    private static string Canonical(object? value) => value switch
    {
        null => "\u2400",
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
        bool b => b ? "t" : "f",
        byte[] bytes => Convert.ToBase64String(bytes),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static string KeyOf(SqliteDataReader r, TargetTable table) =>
        "(" + string.Join(", ", table.Key.Select(k => $"{k}={Convert.ToString(r.GetValue(table.Columns.FindIndex(c => c.Name == k)), CultureInfo.InvariantCulture)}")) + ")";

    private static string Shorten(string row)
    {
        var text = row.Replace('\u001f', '|').TrimEnd('\u001e', '|');
        return text.Length > 200 ? text[..200] + "…" : text;
    }

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task ExecAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Dictionary<string, List<string>>> SourceTablesAsync(SqliteConnection source, CancellationToken cancellationToken)
    {
        var tables = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var list = new SqliteCommand("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> 'schema_migrations'", source))
        await using (var r = await list.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                tables[r.GetString(0)] = [];
            }
        }

        foreach (var (name, columns) in tables)
        {
            await using var info = new SqliteCommand("SELECT name FROM pragma_table_info($t)", source);
            info.Parameters.AddWithValue("$t", name);
            await using var r = await info.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                columns.Add(r.GetString(0));
            }
        }

        return tables;
    }

    private static async Task<Dictionary<string, TargetTable>> TargetTablesAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var columns = new Dictionary<string, List<TargetColumn>>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            "SELECT table_name, column_name, data_type, is_identity = 'YES' FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position", connection))
        await using (var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var list = columns.TryGetValue(r.GetString(0), out var l) ? l : columns[r.GetString(0)] = [];
                list.Add(new TargetColumn(r.GetString(1), DbTypeOf(r.GetString(2)), r.GetBoolean(3)));
            }
        }

        // The primary key (else the first unique index) orders both sides; foreign keys order the tables.
        var keys = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            "SELECT DISTINCT ON (c.relname) c.relname, array_agg(a.attname::text ORDER BY k.n) FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid " +
            "JOIN pg_namespace ns ON ns.oid = c.relnamespace AND ns.nspname = 'public' CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY k(attnum, n) " +
            "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum WHERE i.indisunique AND i.indexprs IS NULL AND i.indpred IS NULL " +
            "GROUP BY c.relname, i.indexrelid, i.indisprimary " +
            "ORDER BY c.relname, i.indisprimary DESC, i.indexrelid", connection))
        await using (var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                keys[r.GetString(0)] = [.. r.GetFieldValue<string[]>(1)];
            }
        }

        var parents = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand(
            "SELECT c.relname, p.relname FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_class p ON p.oid = k.confrelid " +
            "JOIN pg_namespace ns ON ns.oid = c.relnamespace AND ns.nspname = 'public' WHERE k.contype = 'f'", connection))
        await using (var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                (parents.TryGetValue(r.GetString(0), out var l) ? l : parents[r.GetString(0)] = []).Add(r.GetString(1));
            }
        }

        return columns.ToDictionary(c => c.Key, c => new TargetTable(
            c.Key, c.Value, keys.TryGetValue(c.Key, out var k) ? k : [.. c.Value.Select(x => x.Name)], parents.TryGetValue(c.Key, out var p) ? p : []), StringComparer.Ordinal);
    }

    private static NpgsqlDbType DbTypeOf(string dataType) => dataType switch
    {
        "bigint" => NpgsqlDbType.Bigint,
        "integer" => NpgsqlDbType.Integer,
        "smallint" => NpgsqlDbType.Smallint,
        "double precision" => NpgsqlDbType.Double,
        "real" => NpgsqlDbType.Real,
        "boolean" => NpgsqlDbType.Boolean,
        "bytea" => NpgsqlDbType.Bytea,
        "timestamp with time zone" => NpgsqlDbType.TimestampTz,
        "text" => NpgsqlDbType.Text,
        _ => throw new StoreCopyRefusedException($"column type '{dataType}' is not one the copier knows"),
    };

    /// <summary>Parents before children (a table's foreign keys point at tables copied before it); otherwise by name.</summary>
    private static List<TargetTable> InForeignKeyOrder(IEnumerable<TargetTable> tables)
    {
        var pending = tables.OrderBy(t => t.Name, StringComparer.Ordinal).ToList();
        var names = pending.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        var ordered = new List<TargetTable>();
        while (pending.Count > 0)
        {
            var next = pending.FirstOrDefault(t => t.Parents.All(p => p == t.Name || done.Contains(p) || !names.Contains(p)))
                ?? throw new StoreCopyRefusedException($"foreign keys form a cycle among: {string.Join(", ", pending.Select(t => t.Name))}");
            ordered.Add(next);
            done.Add(next.Name);
            pending.Remove(next);
        }

        return ordered;
    }

    private sealed record TargetColumn(string Name, NpgsqlDbType DbType, bool Identity);

    private sealed record TargetTable(string Name, List<TargetColumn> Columns, List<string> Key, List<string> Parents)
    {
        /// <summary>The key when it is one integer column: a re-run resumes after the target's highest.</summary>
        public string? IntegerKey => Key.Count == 1 && Columns.First(c => c.Name == Key[0]).DbType is NpgsqlDbType.Bigint or NpgsqlDbType.Integer ? Key[0] : null;
    }
}
