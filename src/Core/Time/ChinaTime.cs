namespace SentimentWatch.Core.Time;

/// <summary>
/// Beijing time. China has observed UTC+8 without daylight saving since 1991, so a fixed offset is exact
/// for every time this product handles and needs no tz database on the machine.
/// </summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    public static DateTimeOffset ToBeijing(DateTimeOffset t) => t.ToOffset(Offset);

    public static string FormatBeijing(DateTimeOffset t) => ToBeijing(t).ToString("yyyy-MM-dd HH:mm:ss '(UTC+8)'", System.Globalization.CultureInfo.InvariantCulture);
}
