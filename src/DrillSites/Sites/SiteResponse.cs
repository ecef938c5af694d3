using System.Text;

namespace SentimentWatch.DrillSites.Sites;

/// <summary>A rendered response: status, content type (with charset) and body bytes.</summary>
internal sealed record SiteResponse(int Status, string ContentType, byte[] Body)
{
    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether ETag/Last-Modified validators apply (successful, deterministic pages only).</summary>
    public bool Cacheable { get; init; } = true;

    public static SiteResponse Html(string html, int status = 200) => new(status, "text/html; charset=utf-8", Encoding.UTF8.GetBytes(html));

    public static SiteResponse GbkHtml(string html, int status = 200) => new(status, "text/html; charset=gbk", Gbk.Encode(html));

    public static SiteResponse Json(string json, int status = 200) => new(status, "application/json; charset=utf-8", Encoding.UTF8.GetBytes(json));

    public static SiteResponse Xml(string xml, string contentType) => new(200, contentType + "; charset=utf-8", Encoding.UTF8.GetBytes(xml));

    public static SiteResponse Text(string text, int status = 200) => new(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(text)) { Cacheable = false };
}
