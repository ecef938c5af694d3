using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SentimentWatch.Crawler.Sources;

/// <summary>Syntax checks the source validators share: http(s) URLs, CSS selectors, URL-template placeholders.</summary>
internal static partial class SourceChecks
{
    private static readonly HtmlParser CssProbe = new();

    public static bool IsCss(string css)
    {
        try
        {
            _ = CssProbe.ParseDocument("").QuerySelector(css);
            return true;
        }
        catch (DomException)
        {
            return false;
        }
    }

    public static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && u.Host.Length > 0;

    [GeneratedRegex(@"\{([^{}]*)\}")]
    public static partial Regex TemplateRegex();
}
