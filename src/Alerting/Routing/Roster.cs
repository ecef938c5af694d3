using System.Globalization;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Alerting.Routing;

/// <summary>The 24-hour duty roster: who covers a role at a moment, and where coverage has gaps.</summary>
public static class Roster
{
    private const int Day = 24 * 60;

    /// <summary>Minutes since midnight for <c>HH:mm</c> (<c>24:00</c> allowed), or null.</summary>
    public static int? ParseClock(string? text)
    {
        if (text is null || text.Length != 5 || text[2] != ':'
            || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            || !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m))
        {
            return null;
        }

        return (h, m) switch
        {
            (24, 0) => Day,
            (< 24, < 60) => (h * 60) + m,
            _ => null,
        };
    }

    /// <summary>Responder ids on shift for <paramref name="role"/> at <paramref name="at"/> (Beijing time), in roster order.</summary>
    public static IReadOnlyList<string> OnShift(IEnumerable<ShiftOptions> roster, string role, DateTimeOffset at)
    {
        var local = ChinaTime.ToBeijing(at);
        var minute = (local.Hour * 60) + local.Minute;
        return roster.Where(s => s.Role == role && Covers(s, minute)).Select(s => s.Responder).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Uncovered spans of the day for <paramref name="role"/>, formatted <c>HH:mm–HH:mm</c>.</summary>
    public static IReadOnlyList<string> Gaps(IEnumerable<ShiftOptions> roster, string role)
    {
        var shifts = roster.Where(s => s.Role == role).ToList();
        var covered = new bool[Day];
        for (var minute = 0; minute < Day; minute++)
        {
            covered[minute] = shifts.Any(s => Covers(s, minute));
        }

        var gaps = new List<string>();
        var start = -1;
        for (var minute = 0; minute <= Day; minute++)
        {
            var isGap = minute < Day && !covered[minute];
            if (isGap && start < 0)
            {
                start = minute;
            }
            else if (!isGap && start >= 0)
            {
                gaps.Add($"{Clock(start)}–{Clock(minute)}");
                start = -1;
            }
        }

        return gaps;
    }

    private static bool Covers(ShiftOptions s, int minute)
    {
        if (ParseClock(s.From) is not { } from || ParseClock(s.To) is not { } to)
        {
            return false;
        }

        from %= Day;
        if (to == from || (from == 0 && to == Day))
        {
            return true;
        }

        to %= Day;
        return from < to ? minute >= from && minute < to : minute >= from || minute < to;
    }

    private static string Clock(int minute) => string.Create(CultureInfo.InvariantCulture, $"{minute / 60:00}:{minute % 60:00}");
}
