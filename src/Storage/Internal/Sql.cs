using System.Data.Common;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SentimentWatch.Storage.Internal;

/// <summary>
/// Small helpers shared by the stores: parameters, nullable reads, UTC time text. The parameter and read helpers are
/// written against ADO.NET's base types, so the PostgreSQL stores bind and read with the same code.
/// </summary>
internal static class Sql
{
    /// <summary>UTC times are stored as fixed-width ISO 8601 text, so text order is time order.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string? Time(DateTimeOffset? t) => t is { } v ? Time(v) : null;

    public static DateTimeOffset ParseTime(string s) =>
        DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static SqliteCommand Command(this SqliteConnection connection, string text, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        command.Transaction = transaction;
        return command;
    }

    /// <summary>Binds <paramref name="value"/> (null as SQL NULL) to <paramref name="name"/> and returns the command for chaining.</summary>
    public static T With<T>(this T command, string name, object? value)
        where T : DbCommand
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }

    /// <summary>Binds an engagement snapshot's counts as <c>@r</c>, <c>@c</c>, <c>@l</c>, <c>@k</c> (reposts, comments, likes, views).</summary>
    public static T WithEngagement<T>(this T command, Core.Posts.Engagement e)
        where T : DbCommand =>
        command.With("@r", e.Reposts).With("@c", e.Comments).With("@l", e.Likes).With("@k", e.Views);

    public static string? StringOrNull(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    public static long? LongOrNull(this DbDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    public static DateTimeOffset? TimeOrNull(this SqliteDataReader r, int i) => r.IsDBNull(i) ? null : ParseTime(r.GetString(i));

    public static async Task<long> ScalarLongAsync(this DbCommand command, CancellationToken cancellationToken) =>
        Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
}
