using System.Globalization;
using SentimentWatch.Core.Time;

namespace SentimentWatch.DrillSites.Sites;

/// <summary>
/// The time strings each platform shows, always in Beijing time and relative to the server's clock — exactly the
/// formats a crawler must resolve against its fetch time.
/// </summary>
internal static class TimeFormats
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static DateTimeOffset Bj(DateTimeOffset t) => ChinaTime.ToBeijing(t);

    /// <summary>Tieba list: "12:30" today, "9-14" this year, "2023-9-14" before.</summary>
    public static string TiebaList(DateTimeOffset t, DateTimeOffset now)
    {
        var (bt, bn) = (Bj(t), Bj(now));
        if (bt.Date == bn.Date)
        {
            return bt.ToString("HH:mm", Inv);
        }

        return bt.Year == bn.Year ? bt.ToString("M-d", Inv) : bt.ToString("yyyy-M-d", Inv);
    }

    /// <summary>Tieba floor tail: "2024-09-14 10:00".</summary>
    public static string TiebaFloor(DateTimeOffset t) => Bj(t).ToString("yyyy-MM-dd HH:mm", Inv);

    /// <summary>Tieba 楼中楼: "2024-9-14 10:05".</summary>
    public static string TiebaLzl(DateTimeOffset t) => Bj(t).ToString("yyyy-M-d HH:mm", Inv);

    /// <summary>Discuz absolute: "2024-9-14 10:00" (title attributes, older posts).</summary>
    public static string DiscuzDateTime(DateTimeOffset t) => Bj(t).ToString("yyyy-M-d HH:mm", Inv);

    /// <summary>Discuz date only: "2024-9-14" (thread list author column).</summary>
    public static string DiscuzDate(DateTimeOffset t) => Bj(t).ToString("yyyy-M-d", Inv);

    /// <summary>
    /// Discuz <c>dgmdate(..., 'u')</c>: "刚刚", "N&amp;nbsp;秒前", "N&amp;nbsp;分钟前", "半小时前", "N&amp;nbsp;小时前" today;
    /// "昨天&amp;nbsp;23:05", "前天&amp;nbsp;23:05", "N&amp;nbsp;天前" within a week; otherwise null (show absolute).
    /// The separator is a literal <c>&amp;nbsp;</c> entity, as Discuz emits it.
    /// </summary>
    public static string? DiscuzRelative(DateTimeOffset t, DateTimeOffset now)
    {
        var (bt, bn) = (Bj(t), Bj(now));
        var diff = (long)(now - t).TotalSeconds;
        if (bt.Date == bn.Date)
        {
            return diff switch
            {
                <= 0 => "刚刚",
                > 3600 => $"{diff / 3600}&nbsp;小时前",
                > 1800 => "半小时前",
                > 60 => $"{diff / 60}&nbsp;分钟前",
                _ => $"{diff}&nbsp;秒前",
            };
        }

        var days = (bn.Date - bt.Date).Days;
        return days switch
        {
            1 => "昨天&nbsp;" + bt.ToString("HH:mm", Inv),
            2 => "前天&nbsp;" + bt.ToString("HH:mm", Inv),
            > 2 and <= 7 => $"{days}&nbsp;天前",
            _ => null,
        };
    }

    /// <summary>Weibo: "刚刚", "3分钟前", "今天 08:12", "昨天 23:05", "09-14 10:00", "2023-09-14 10:00".</summary>
    public static string Weibo(DateTimeOffset t, DateTimeOffset now)
    {
        var (bt, bn) = (Bj(t), Bj(now));
        var diff = now - t;
        if (diff < TimeSpan.FromMinutes(1))
        {
            return "刚刚";
        }

        if (diff < TimeSpan.FromHours(1))
        {
            return ((int)diff.TotalMinutes).ToString(Inv) + "分钟前";
        }

        if (bt.Date == bn.Date)
        {
            return "今天 " + bt.ToString("HH:mm", Inv);
        }

        if (bt.Date == bn.Date.AddDays(-1))
        {
            return "昨天 " + bt.ToString("HH:mm", Inv);
        }

        return bt.Year == bn.Year ? bt.ToString("MM-dd HH:mm", Inv) : bt.ToString("yyyy-MM-dd HH:mm", Inv);
    }

    /// <summary>News: "2024年9月14日 10:00".</summary>
    public static string News(DateTimeOffset t) => Bj(t).ToString("yyyy年M月d日 HH:mm", Inv);

    /// <summary>Unix epoch seconds.</summary>
    public static long Epoch(DateTimeOffset t) => t.ToUnixTimeSeconds();

    /// <summary>RFC 822 as RSS writes it, in +0800.</summary>
    public static string Rfc822(DateTimeOffset t) => Bj(t).ToString("ddd, dd MMM yyyy HH:mm:ss '+0800'", Inv);

    /// <summary>RFC 3339 as Atom writes it, in +08:00.</summary>
    public static string Rfc3339(DateTimeOffset t) => Bj(t).ToString("yyyy-MM-dd'T'HH:mm:ss'+08:00'", Inv);

    /// <summary>HTTP date (Last-Modified).</summary>
    public static string Http(DateTimeOffset t) => t.UtcDateTime.ToString("R", Inv);
}
