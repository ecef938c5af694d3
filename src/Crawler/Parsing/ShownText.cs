using AngleSharp.Dom;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// The text a page shows a reader who does nothing: what stand-in markers (captcha, login wall, block page) are looked
/// for in. Hidden elements and what a page's script shows only on demand — toasts, pop-ups, dialogs, overlays — are left
/// out: a NetEase article carries a hidden toast "请登录后再关注" for a reader who clicks "follow", which does not make
/// the article a login wall. A page that is little else than such an element (a login dialog over an empty page) is
/// read whole, so a wall drawn as a dialog is still recognised.
/// </summary>
internal static class ShownText
{
    /// <summary>Below this many characters of shown text the page is read whole.</summary>
    internal const int MinShownChars = 200;

    // Parts of class names and ids that name on-demand elements. "layer" is the usual Chinese sites' word for a pop-up.
    private static readonly string[] OnDemand = ["toast", "popup", "modal", "dialog", "overlay", "layer", "mask"];

    public static string Of(IElement body)
    {
        var shown = HtmlText.ToPlainText(body, IsNotShown);
        return shown.Length >= MinShownChars ? shown : HtmlText.ToPlainText(body);
    }

    internal static bool IsNotShown(IElement el)
    {
        if (el.HasAttribute("hidden") || string.Equals(el.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (el.GetAttribute("style") is { } style)
        {
            var compact = style.Replace(" ", "", StringComparison.Ordinal).ToLowerInvariant();
            if (compact.Contains("display:none", StringComparison.Ordinal) || compact.Contains("visibility:hidden", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return Names(el.ClassName) || Names(el.Id);
    }

    private static bool Names(string? value) =>
        !string.IsNullOrEmpty(value) && OnDemand.Any(w => value.Contains(w, StringComparison.OrdinalIgnoreCase));
}
