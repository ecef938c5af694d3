using System.Globalization;
using SentimentWatch.Core.Reports;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Office.Reports;

/// <summary>How the CLI and the console read a period: a Beijing date (its midnight) or an ISO 8601 time; a default end per kind.</summary>
public static class ReportPeriod
{
    /// <summary>The period of a report kind: none for incident reports; for period reports from and to (to defaults to a day or a week after from).</summary>
    public static (DateTimeOffset? From, DateTimeOffset? To) Of(string kind, string? from, string? to)
    {
        if (ReportKinds.Incident.Contains(kind))
        {
            return (null, null);
        }

        var f = Parse(string.IsNullOrWhiteSpace(from) ? throw new ArgumentException($"a {kind} report needs a start (--from)") : from, "--from");
        var t = !string.IsNullOrWhiteSpace(to) ? Parse(to, "--to") : kind switch
        {
            ReportKinds.Daily => f.AddDays(1),
            ReportKinds.Weekly => f.AddDays(7),
            _ => throw new ArgumentException($"a {kind} report needs an end (--to)"),
        };
        return (f, t);
    }

    /// <summary>A Beijing date (<c>yyyy-MM-dd</c>, its midnight) or an ISO 8601 time (UTC unless it names an offset).</summary>
    public static DateTimeOffset Parse(string text, string what)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset).ToUniversalTime();
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUniversalTime()
            : throw new ArgumentException($"{what} '{text}' is neither yyyy-MM-dd nor an ISO 8601 time");
    }
}
