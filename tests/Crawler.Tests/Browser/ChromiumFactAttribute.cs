namespace SentimentWatch.Crawler.Tests.Browser;

/// <summary>A test that renders pages in Debian's Chromium; skipped, saying why, only where the machine has none.</summary>
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists("/usr/bin/chromium"))
        {
            Skip = "needs /usr/bin/chromium (Debian package chromium; .ci/deps/crawler.apt)";
        }
    }
}
