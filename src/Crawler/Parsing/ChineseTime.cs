using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// Reads the time formats Chinese platforms print ("刚刚", "3分钟前", "昨天 23:05", "09-14 10:00", "2024年9月14日 10:00",
/// ISO 8601, RFC 822, Unix epochs, Weibo's <c>Sat Sep 14 10:00:00 +0800 2024</c>) in Beijing time against the fetch time.
/// </summary>
public static partial class ChineseTime
{
    // A page clock a little ahead of ours must not push a year-less date back a whole year.
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    /// <summary>
    /// Resolves <paramref name="raw"/> to UTC, or null when it is empty or unreadable (the caller keeps the raw string).
    /// Times without an offset are Beijing time (UTC+8); dates without a year resolve to the most recent past date.
    /// </summary>
    private const double MaxAgeSeconds = 100 * 366 * 86400.0;

    public static DateTimeOffset? Parse(string? raw, DateTimeOffset fetchedAtUtc)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        // Full-width digits and colons (２０２４年９月１４日 １０：００) are common in Chinese pages.
        var s = raw.Normalize(NormalizationForm.FormKC).Trim();
        var now = ChinaTime.ToBeijing(fetchedAtUtc);
        // Cheap shape checks decide which readers can apply, so a typical string meets one or two regexes, not all.
        var latin = s.AsSpan().ContainsAnyInRange('A', 'z');
        return TryEpoch(s)
            ?? (s.Contains('前', StringComparison.Ordinal) || s.Contains('天', StringComparison.Ordinal) || s.Contains("刚刚", StringComparison.Ordinal) || latin ? TryRelative(s, now) : null)
            ?? (s.Contains('T', StringComparison.Ordinal) || s.Contains('+', StringComparison.Ordinal) || s.Contains('Z', StringComparison.Ordinal) ? TryIso(s) : null)
            ?? (latin ? TryWeibo(s) ?? TryRfc822(s) : null)
            ?? TryDates(s, now);
    }

    // Once a date shape is found, an impossible date ("2024-13-45 10:00") is unreadable: falling through to the
    // time-only rule would invent "today 10:00".
    private static DateTimeOffset? TryDates(string s, DateTimeOffset now)
    {
        if (FullDateRegex().IsMatch(s))
        {
            return TryChineseDate(s, now);
        }

        return YearlessRegex().IsMatch(s) ? TryYearless(s, now) : TryTimeOnly(s, now);
    }

    private static DateTimeOffset? TryEpoch(string s)
    {
        if (s.Length is not (10 or 13) || !EpochRegex().IsMatch(s) || !long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return null;
        }

        // 10 digits are seconds (2001–2286), 13 digits milliseconds; anything else is an id, not a time.
        return s.Length switch
        {
            10 => DateTimeOffset.FromUnixTimeSeconds(n),
            13 => DateTimeOffset.FromUnixTimeMilliseconds(n),
            _ => null,
        };
    }

    private static DateTimeOffset? TryRelative(string s, DateTimeOffset now)
    {
        if (s.Contains("刚刚", StringComparison.Ordinal) || s.Contains("just now", StringComparison.OrdinalIgnoreCase))
        {
            return now.ToUniversalTime();
        }

        if (s.Contains("半小时前", StringComparison.Ordinal))
        {
            return (now - TimeSpan.FromMinutes(30)).ToUniversalTime();
        }

        var m = RelativeRegex().Match(s);
        if (m.Success)
        {
            // "99999999999999999999天前" (found by fuzzing) overflowed int and TimeSpan: a page's text must never throw here.
            if (!long.TryParse(m.Groups["n"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }

            var seconds = m.Groups["u"].Value switch
            {
                "秒" => n,
                "分钟" or "分" => n * 60.0,
                "小时" or "个小时" => n * 3600.0,
                "天" => n * 86400.0,
                "周" or "星期" => n * 7 * 86400.0,
                _ => 0,
            };

            // Nothing on a forum is older than a century; beyond that the text is not a time.
            return seconds > MaxAgeSeconds ? null : (now - TimeSpan.FromSeconds(seconds)).ToUniversalTime();
        }

        m = DayWordRegex().Match(s);
        if (m.Success)
        {
            var back = m.Groups["d"].Value switch { "今天" => 0, "昨天" => 1, _ => 2 };
            var day = now.Date.AddDays(-back);
            return Build(day.Year, day.Month, day.Day, m, now.Offset);
        }

        return null;
    }

    private static DateTimeOffset? TryIso(string s)
    {
        var m = IsoRegex().Match(s);
        if (!m.Success)
        {
            return null;
        }

        // Only take it as ISO when it carries a 'T' or an offset; plain "2024-09-14 10:00" is handled as Beijing time below.
        if (m.Groups["z"].Success && DateTimeOffset.TryParse(m.Value, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var t))
        {
            return t.ToUniversalTime();
        }

        return null;
    }

    private static DateTimeOffset? TryWeibo(string s)
    {
        var m = WeiboRegex().Match(s);
        if (!m.Success)
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(m.Value, "ddd MMM dd HH:mm:ss zzz yyyy", CultureInfo.InvariantCulture, DateTimeStyles.None, out var t)
            ? t.ToUniversalTime()
            : null;
    }

    private static DateTimeOffset? TryRfc822(string s)
    {
        var m = Rfc822Regex().Match(s);
        if (!m.Success)
        {
            return null;
        }

        var year = int.Parse(m.Groups["y"].ValueSpan, CultureInfo.InvariantCulture);
        if (year < 100)
        {
            year += year < 50 ? 2000 : 1900;
        }

        var month = Array.IndexOf(Months, m.Groups["mon"].Value[..3].ToLowerInvariant()) + 1;
        var offset = ZoneOffset(m.Groups["zone"].Value);
        if (month == 0 || offset is null)
        {
            return null;
        }

        var day = int.Parse(m.Groups["d"].ValueSpan, CultureInfo.InvariantCulture);
        var hour = int.Parse(m.Groups["h"].ValueSpan, CultureInfo.InvariantCulture);
        var minute = int.Parse(m.Groups["mi"].ValueSpan, CultureInfo.InvariantCulture);
        var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].ValueSpan, CultureInfo.InvariantCulture) : 0;
        return Make(year, month, day, hour, minute, second, offset.Value);
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    private static TimeSpan? ZoneOffset(string zone)
    {
        if (zone.Length == 5 && (zone[0] == '+' || zone[0] == '-')
            && int.TryParse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hh)
            && int.TryParse(zone.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var mm))
        {
            var span = new TimeSpan(hh, mm, 0);
            return zone[0] == '-' ? -span : span;
        }

        return zone.ToUpperInvariant() switch
        {
            "GMT" or "UT" or "UTC" or "Z" => TimeSpan.Zero,
            "EST" => TimeSpan.FromHours(-5),
            "EDT" => TimeSpan.FromHours(-4),
            "CDT" => TimeSpan.FromHours(-5),
            "MST" => TimeSpan.FromHours(-7),
            "MDT" => TimeSpan.FromHours(-6),
            "PST" => TimeSpan.FromHours(-8),
            "PDT" => TimeSpan.FromHours(-7),
            // RFC 822 says CST is US Central, but the Chinese feeds this product reads use it for China Standard Time.
            "CST" or "BJT" => ChinaTime.Offset,
            _ => null,
        };
    }

    private static DateTimeOffset? TryChineseDate(string s, DateTimeOffset now)
    {
        var m = FullDateRegex().Match(s);
        if (!m.Success)
        {
            return null;
        }

        var year = int.Parse(m.Groups["y"].ValueSpan, CultureInfo.InvariantCulture);
        var month = int.Parse(m.Groups["mo"].ValueSpan, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["d"].ValueSpan, CultureInfo.InvariantCulture);
        return Build(year, month, day, m, now.Offset);
    }

    private static DateTimeOffset? TryYearless(string s, DateTimeOffset now)
    {
        var m = YearlessRegex().Match(s);
        if (!m.Success)
        {
            return null;
        }

        var month = int.Parse(m.Groups["mo"].ValueSpan, CultureInfo.InvariantCulture);
        var day = int.Parse(m.Groups["d"].ValueSpan, CultureInfo.InvariantCulture);

        // The most recent past occurrence: this year unless that lies (beyond clock skew) in the future;
        // step back further for 29 February.
        for (var year = now.Year; year >= now.Year - 8; year--)
        {
            var t = Build(year, month, day, m, now.Offset);
            if (t is null)
            {
                if (month == 2 && day == 29)
                {
                    continue;
                }

                return null;
            }

            if (t.Value <= now.ToUniversalTime() + FutureTolerance)
            {
                return t;
            }
        }

        return null;
    }

    private static DateTimeOffset? TryTimeOnly(string s, DateTimeOffset now)
    {
        var m = TimeOnlyRegex().Match(s);
        if (!m.Success)
        {
            return null;
        }

        // Boards print only "10:00" for today's posts; a time later than now (beyond a little skew) was yesterday's.
        var t = Build(now.Year, now.Month, now.Day, m, now.Offset);
        if (t is not null && t.Value > now.ToUniversalTime() + TimeSpan.FromMinutes(10))
        {
            t = t.Value.AddDays(-1);
        }

        return t;
    }

    private static DateTimeOffset? Build(int year, int month, int day, Match m, TimeSpan offset)
    {
        var hour = m.Groups["h"].Success ? int.Parse(m.Groups["h"].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var minute = m.Groups["mi"].Success ? int.Parse(m.Groups["mi"].ValueSpan, CultureInfo.InvariantCulture) : 0;
        var second = m.Groups["s"].Success ? int.Parse(m.Groups["s"].ValueSpan, CultureInfo.InvariantCulture) : 0;
        if (m.Groups["pm"].Success && m.Groups["pm"].Value is "下午" or "晚上" && hour < 12)
        {
            hour += 12;
        }

        return Make(year, month, day, hour, minute, second, offset);
    }

    private static DateTimeOffset? Make(int year, int month, int day, int hour, int minute, int second, TimeSpan offset)
    {
        if (year is < 1970 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 60)
        {
            return null;
        }

        return new DateTimeOffset(year, month, day, hour, minute, Math.Min(second, 59), offset).ToUniversalTime();
    }

    private const string Clock = @"(?<pm>上午|下午|晚上|凌晨)?\s*(?<h>\d{1,2})[:点时](?<mi>\d{1,2})(?:[:分](?<s>\d{1,2})秒?)?";

    private const string TimePart = @"(?:\s*" + Clock + ")?";

    [GeneratedRegex(@"^\d{10}(?:\d{3})?$")]
    private static partial Regex EpochRegex();

    [GeneratedRegex(@"(?<n>\d+)\s*(?<u>秒|分钟|分|个小时|小时|天|周|星期)\s*前")]
    private static partial Regex RelativeRegex();

    [GeneratedRegex(@"(?<d>今天|昨天|前天)" + TimePart)]
    private static partial Regex DayWordRegex();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}(?:T|\s)\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?<z>Z|[+-]\d{2}:?\d{2})?")]
    private static partial Regex IsoRegex();

    [GeneratedRegex(@"(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{2} \d{2}:\d{2}:\d{2} [+-]\d{4} \d{4}")]
    private static partial Regex WeiboRegex();

    [GeneratedRegex(@"(?:[A-Za-z]{3},?\s+)?(?<d>\d{1,2})\s+(?<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\s+(?<y>\d{2,4})\s+(?<h>\d{1,2}):(?<mi>\d{2})(?::(?<s>\d{2}))?\s*(?<zone>[+-]\d{4}|[A-Za-z]{1,3})", RegexOptions.IgnoreCase)]
    private static partial Regex Rfc822Regex();

    [GeneratedRegex(@"(?<!\d)(?<y>\d{4})\s*(?:年|-|/|\.)\s*(?<mo>\d{1,2})\s*(?:月|-|/|\.)\s*(?<d>\d{1,2})(?!\d)\s*日?(?:T|\s)*" + TimePart)]
    private static partial Regex FullDateRegex();

    [GeneratedRegex(@"(?<!\d)(?<mo>\d{1,2})\s*(?:月|-|/)\s*(?<d>\d{1,2})(?!\d)\s*日?" + TimePart)]
    private static partial Regex YearlessRegex();

    [GeneratedRegex(@"(?<!\d)" + Clock + @"(?!\d)")]
    private static partial Regex TimeOnlyRegex();
}
