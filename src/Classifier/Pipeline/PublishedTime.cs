using System.Globalization;
using System.Text.RegularExpressions;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Classifier.Pipeline;

/// <summary>
/// Publication times as the classifier's inputs give them. The labelled corpus and <c>sw classify --published-at</c>
/// require an explicit offset; batch lines, often exported from the platforms, may leave it out and then mean Beijing
/// time, as the platforms display it. A date alone is never enough: the exam-window features need the hour.
/// </summary>
public static partial class PublishedTime
{
    /// <summary>ISO 8601 date and time with an explicit offset (<c>Z</c> or <c>±hh:mm</c>), e.g. <c>2025-09-13T10:40+08:00</c>.</summary>
    public static bool TryParseWithOffset(string? text, out DateTimeOffset publishedAt)
    {
        publishedAt = default;
        return text is not null && IsoWithOffset().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out publishedAt);
    }

    /// <summary>
    /// As <see cref="TryParseWithOffset"/>, or date and time (<c>T</c> or a space between) without an offset, read as
    /// Beijing time: <c>2025-09-13 10:40</c> and <c>2025-09-13T10:40:00</c> both mean 10:40 UTC+8.
    /// </summary>
    public static bool TryParseBeijingByDefault(string? text, out DateTimeOffset publishedAt)
    {
        if (TryParseWithOffset(text, out publishedAt))
        {
            return true;
        }

        if (text is not null && LocalIso().IsMatch(text) && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            publishedAt = new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), ChinaTime.Offset);
            return true;
        }

        return false;
    }

    /// <summary>Date, <c>T</c>, time to the minute or finer, then <c>Z</c> or <c>±hh:mm</c>.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?(?:Z|[+-]\d{2}:?\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoWithOffset();

    /// <summary>Date, <c>T</c> or a space, time to the minute or finer, no offset.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,7})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LocalIso();
}
