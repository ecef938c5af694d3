using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Search;

/// <summary>
/// The filter tags of a post, written to the FTS5 column <c>tags</c> (migration 0502) beside its words. A search with
/// a filter matches the words in the text columns AND the filter's tag in <c>tags</c>, so FTS5 intersects two posting
/// lists instead of the store reading <c>search_docs</c> for every match of a common word. Tags only narrow: the
/// exact filter is still checked on <c>search_docs</c> (a tag is a 64-bit hash prefix of the value, and a post may
/// carry a stale "in an incident" tag), so a tag may let a wrong post through to that check but never hides a right
/// one — which is why the indexer re-writes a post whenever a tag it should carry is missing.
/// </summary>
internal static class SearchTags
{
    /// <summary>The tag of posts that belong to an incident (the level filter's narrowing; the level is read at query time).</summary>
    public const string InIncident = "xinc";

    /// <summary>A time range needing more tags than this is not narrowed by time (it keeps most of the store anyway).</summary>
    private const int MaxTimeTags = 120;

    public static string Platform(string value) => Hashed("xp", value);

    public static string Source(string value) => Hashed("xs", value);

    public static string AuthorName(string value) => Hashed("xa", value);

    public static string AuthorId(string value) => Hashed("xi", value);

    public static string Label(string value) => Hashed("xl", value);

    public static string Contact(string value) => Hashed("xc", value);

    public static string Day(DateTime utc) => "xd" + utc.ToString("yyyyMMdd", CultureInfo.InvariantCulture);

    public static string Month(DateTime utc) => "xm" + utc.ToString("yyyyMM", CultureInfo.InvariantCulture);

    /// <summary>Every tag of one post, space-separated in a fixed order (compared as a string to see whether it changed).</summary>
    public static string Of(in Ingredients post)
    {
        var tags = new List<string>(8 + post.Contacts.Count) { Platform(post.Platform), Source(post.SourceId) };
        if (!string.IsNullOrEmpty(post.AuthorName))
        {
            tags.Add(AuthorName(post.AuthorName));
        }

        if (!string.IsNullOrEmpty(post.AuthorId))
        {
            tags.Add(AuthorId(post.AuthorId));
        }

        var at = Sql.ParseTime(post.At).UtcDateTime;
        tags.Add(Day(at));
        tags.Add(Month(at));
        if (!string.IsNullOrEmpty(post.Label))
        {
            tags.Add(Label(post.Label));
        }

        tags.AddRange(post.Contacts.Order(StringComparer.Ordinal).Select(Contact));
        if (post.InIncident)
        {
            tags.Add(InIncident);
        }

        return string.Join(' ', tags);
    }

    /// <summary>
    /// The day and month tags covering [<paramref name="from"/>, <paramref name="to"/>] (UTC days; whole months as one
    /// month tag), or null when that takes more than <see cref="MaxTimeTags"/> tags or the range is empty.
    /// </summary>
    public static IReadOnlyList<string>? TimeCover(DateTimeOffset from, DateTimeOffset to)
    {
        var day = from.UtcDateTime.Date;
        var last = to.UtcDateTime.Date;
        if (last < day)
        {
            return null;
        }

        var tags = new List<string>();
        while (day <= last)
        {
            if (tags.Count >= MaxTimeTags)
            {
                return null;
            }

            var monthEnd = day.AddDays(1 - day.Day).AddMonths(1).AddDays(-1);
            if (day.Day == 1 && monthEnd <= last)
            {
                tags.Add(Month(day));
                day = monthEnd.AddDays(1);
            }
            else
            {
                tags.Add(Day(day));
                day = day.AddDays(1);
            }
        }

        return tags;
    }

    /// <summary>
    /// Prefix + the first 16 hex digits of the value's SHA-256: letters and digits only, so FTS5's unicode61 tokenizer
    /// keeps it as one token whatever the value holds (spaces, punctuation, CJK).
    /// </summary>
    private static string Hashed(string prefix, string value) =>
        prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)), 0, 8);

    /// <summary>What a post's tags are made of, as read from <c>search_docs</c> and the label, contact and incident tables.</summary>
    public readonly record struct Ingredients(
        string At, string SourceId, string Platform, string? AuthorId, string? AuthorName, string? Label, IReadOnlyList<string> Contacts, bool InIncident);
}
