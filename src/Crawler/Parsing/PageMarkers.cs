using SentimentWatch.Core.Pages;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// Recognises pages that stand in for content — captcha, login wall, block page, "deleted" notice — from marker
/// phrases (the source's own plus generic Chinese and English ones). Parsers consult it only when a page lacks the
/// content its selectors expect, so posts quoting these phrases never turn a good page into a failure.
/// </summary>
internal static class PageMarkers
{
    // The phrase tables live in Core (StandInPageMarkers) so the crawler and evidence read one list.
    public static IReadOnlyList<string> GenericCaptcha => StandInPageMarkers.Captcha;

    public static IReadOnlyList<string> GenericLoginWall => StandInPageMarkers.LoginWall;

    public static IReadOnlyList<string> GenericBlock => StandInPageMarkers.Blocked;

    public static IReadOnlyList<string> GenericDeleted => StandInPageMarkers.Deleted;

    /// <summary>
    /// The stand-in verdict <paramref name="pageText"/> shows, or null. Deletion is checked first on detail and recrawl pages
    /// (a deleted post is a fact to record, not a failure); list pages are never "deleted".
    /// </summary>
    public static (PageVerdict Verdict, string Reason)? Detect(SourceOptions source, PageRole role, string pageText)
    {
        if (string.IsNullOrEmpty(pageText))
        {
            return null;
        }

        var m = source.Markers;
        if (role != PageRole.List && Find(pageText, m.Deleted, m.UseGeneric ? GenericDeleted : []) is { } deleted)
        {
            return (PageVerdict.Deleted, $"deleted marker '{deleted}' found");
        }

        if (Find(pageText, m.Captcha, m.UseGeneric ? GenericCaptcha : []) is { } captcha)
        {
            return (PageVerdict.Captcha, $"captcha marker '{captcha}' found");
        }

        if (Find(pageText, m.LoginWall, m.UseGeneric ? GenericLoginWall : []) is { } login)
        {
            return (PageVerdict.LoginWall, $"login-wall marker '{login}' found");
        }

        if (Find(pageText, m.Block, m.UseGeneric ? GenericBlock : []) is { } block)
        {
            return (PageVerdict.BlockPage, $"block-page marker '{block}' found");
        }

        return null;
    }

    private static string? Find(string text, IReadOnlyList<string> own, IReadOnlyList<string> generic) =>
        StandInPageMarkers.FirstIn(text, own) ?? StandInPageMarkers.FirstIn(text, generic);
}
