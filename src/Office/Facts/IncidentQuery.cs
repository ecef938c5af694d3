using System.Globalization;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Reports;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Office.Facts;

/// <summary>The plan's exam stage of a time (考试实施 on a sitting's days and its sensitive days around them, else the configured stage of that Beijing day).</summary>
public sealed class ExamStages(IOptions<ExamCalendarOptions> calendar, ExamSchedule schedule)
{
    public const string Outside = "非考试关键阶段";

    public string Of(DateTimeOffset at)
    {
        var day = DateOnly.FromDateTime(ChinaTime.ToBeijing(at).DateTime);
        if (schedule.Sittings.Any(s => day >= s.FirstDate.AddDays(-s.SensitiveDaysBefore) && day <= s.LastDate.AddDays(s.SensitiveDaysAfter)))
        {
            return ExamCalendarOptions.SittingStage;
        }

        foreach (var stage in calendar.Value.Stages)
        {
            if (ExamSchedule.TryDate(stage.Start, out var start) && ExamSchedule.TryDate(stage.End, out var end) && day >= start && day <= end)
            {
                return stage.Name;
            }
        }

        return Outside;
    }
}

/// <summary>
/// The list behind a period report's incident count, as a reference anyone can re-open (<see cref="SourceKinds.Query"/>,
/// id <c>incidents FROM TO</c>, optionally <c>level=N</c> or <c>stage=NAME</c>): the incidents active in [FROM, TO), as
/// the period report counted them. A count cites its first incidents one by one and this list for the rest.
/// </summary>
public static class IncidentQuery
{
    private const string Head = "incidents";

    public static string Id(DateTimeOffset fromUtc, DateTimeOffset toUtc, string? filter) =>
        $"{Head} {Refs.Iso(fromUtc)} {Refs.Iso(toUtc)}" + (string.IsNullOrEmpty(filter) ? string.Empty : " " + filter);

    public static string Level(IncidentLevel level) => "level=" + ((int)level).ToString(CultureInfo.InvariantCulture);

    public static string Stage(string stage) => "stage=" + stage;

    public static bool TryParse(string id, out DateTimeOffset fromUtc, out DateTimeOffset toUtc, out string? filter)
    {
        fromUtc = toUtc = default;
        filter = null;
        var parts = (id ?? string.Empty).Split(' ', 4);
        if (parts.Length < 3 || parts[0] != Head
            || !DateTimeOffset.TryParse(parts[1], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out fromUtc)
            || !DateTimeOffset.TryParse(parts[2], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out toUtc)
            || toUtc <= fromUtc)
        {
            return false;
        }

        filter = parts.Length == 4 ? parts[3] : null;
        return filter is null || (filter.StartsWith("level=", StringComparison.Ordinal) && int.TryParse(filter.AsSpan(6), NumberStyles.None, CultureInfo.InvariantCulture, out _))
            || (filter.StartsWith("stage=", StringComparison.Ordinal) && filter.Length > 6);
    }

    /// <summary>Re-runs the list; null when <paramref name="id"/> is not an incident list.</summary>
    public static async Task<IReadOnlyList<IncidentRecord>?> RunAsync(string id, IReportQueries queries, ExamStages stages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        ArgumentNullException.ThrowIfNull(stages);
        if (!TryParse(id, out var from, out var to, out var filter))
        {
            return null;
        }

        var all = await queries.IncidentsActiveAsync(from, to, cancellationToken).ConfigureAwait(false);
        return filter switch
        {
            null => all,
            _ when filter.StartsWith("level=", StringComparison.Ordinal) => [.. all.Where(i => (int)i.Level == int.Parse(filter.AsSpan(6), CultureInfo.InvariantCulture))],
            _ => [.. all.Where(i => stages.Of(i.FirstSeenUtc) == filter[6..])],
        };
    }

    /// <summary>An incident list resolves while it still lists an incident.</summary>
    public static async Task<bool> ResolvesAsync(string id, IReportQueries queries, ExamStages stages, CancellationToken cancellationToken) =>
        await RunAsync(id, queries, stages, cancellationToken).ConfigureAwait(false) is { Count: > 0 };
}
