using System.Globalization;
using System.Text;

namespace SentimentWatch.Crawler.Sources;

/// <summary>
/// The URLs a source starts from: its fixed <see cref="SourceOptions.Urls"/> and, for keyword search, the
/// <see cref="SourceOptions.SearchUrlTemplate"/> expanded per keyword and page.
/// </summary>
public static class SearchUrls
{
    static SearchUrls() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>One start URL with the keyword it searches (null for a fixed URL).</summary>
    public sealed record StartUrl(Uri Url, string? Keyword);

    /// <summary>Every first page the source reads per run: fixed URLs, then page 1 of each keyword search.</summary>
    public static IReadOnlyList<StartUrl> StartUrls(SourceOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var list = new List<StartUrl>();
        foreach (var url in source.Urls)
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var u))
            {
                list.Add(new StartUrl(u, null));
            }
        }

        if (!string.IsNullOrWhiteSpace(source.SearchUrlTemplate))
        {
            foreach (var keyword in source.Keywords)
            {
                list.Add(new StartUrl(Expand(source, keyword, 1), keyword));
            }
        }

        return list;
    }

    /// <summary>
    /// The search URL for <paramref name="keyword"/> on 1-based <paramref name="page"/>: <c>{keyword}</c> percent-encoded in
    /// the source's <see cref="SourceOptions.Charset"/> (so a GBK forum receives GBK bytes), <c>{page}</c>, <c>{page0}</c>, <c>{offset}</c>.
    /// </summary>
    public static Uri Expand(SourceOptions source, string keyword, int page)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(keyword);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        var template = source.SearchUrlTemplate ?? throw new InvalidOperationException($"source '{source.Id}' has no SearchUrlTemplate");
        var encoding = EncodingFor(source.Charset) ?? Encoding.UTF8;
        var url = template
            .Replace("{keyword}", PercentEncode(keyword, encoding), StringComparison.Ordinal)
            .Replace("{page}", page.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{page0}", (page - 1).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{offset}", ((long)(page - 1) * source.PageSize).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        return new Uri(url);
    }

    /// <summary>Whether the template takes a page number, i.e. whether further result pages can be built from it.</summary>
    public static bool IsPaged(SourceOptions source) =>
        source.SearchUrlTemplate is { } t && (t.Contains("{page}", StringComparison.Ordinal) || t.Contains("{page0}", StringComparison.Ordinal) || t.Contains("{offset}", StringComparison.Ordinal));

    /// <summary>The encoding named by <paramref name="charset"/> (web names: utf-8, gbk, gb2312, gb18030, big5), or null if unknown.</summary>
    public static Encoding? EncodingFor(string? charset)
    {
        if (string.IsNullOrWhiteSpace(charset))
        {
            return null;
        }

        try
        {
            return Encoding.GetEncoding(charset.Trim());
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>RFC 3986 percent-encoding of <paramref name="value"/>'s bytes in <paramref name="encoding"/>; unreserved characters stay.</summary>
    public static string PercentEncode(string value, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(encoding);
        var sb = new StringBuilder(value.Length * 3);
        foreach (var b in encoding.GetBytes(value))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' or '~'))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
