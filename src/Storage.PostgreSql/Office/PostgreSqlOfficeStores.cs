using SentimentWatch.Storage.Exercise;
using SentimentWatch.Storage.PressLines;

namespace SentimentWatch.Storage.PostgreSql.Office;

/// <summary>PostgreSQL <see cref="Core.PressLines.IPressLineStore"/> (shared logic: <see cref="RelationalPressLineStore"/>).</summary>
public sealed class PostgreSqlPressLineStore(PostgreSqlDatabase database)
    : RelationalPressLineStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);

/// <summary>PostgreSQL <see cref="Core.Exercise.IExerciseStore"/> (shared logic: <see cref="RelationalExerciseStore"/>).</summary>
public sealed class PostgreSqlExerciseStore(PostgreSqlDatabase database)
    : RelationalExerciseStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);

/// <summary>PostgreSQL <see cref="Core.Reports.IReportStore"/> (shared logic: <see cref="Reports.RelationalReportStore"/>).</summary>
public sealed class PostgreSqlReportStore(PostgreSqlDatabase database)
    : Reports.RelationalReportStore(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);

/// <summary>
/// PostgreSQL <see cref="Core.Reports.IReportQueries"/> (shared logic: <see cref="Reports.RelationalReportQueries"/>): the
/// period counts, the incident journals and the office's membership tables (migration 0752).
/// </summary>
public sealed class PostgreSqlReportQueries(PostgreSqlDatabase database)
    : Reports.RelationalReportQueries(new PostgreSqlSessions(database), PostgreSqlDialect.Instance);
