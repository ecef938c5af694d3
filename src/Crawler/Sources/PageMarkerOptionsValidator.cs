using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Crawler.Sources;

/// <summary>Checks a source's page markers (<see cref="PageMarkerOptions"/>): a blank phrase would match every page.</summary>
internal static class PageMarkerOptionsValidator
{
    public static void Validate(PageMarkerOptions m, string key, ConfigErrors errors)
    {
        foreach (var (list, name) in new[] { (m.Captcha, "Captcha"), (m.LoginWall, "LoginWall"), (m.Block, "Block"), (m.Deleted, "Deleted") })
        {
            for (var j = 0; j < list.Count; j++)
            {
                if (string.IsNullOrWhiteSpace(list[j]))
                {
                    errors.Add($"{key}:{name}:{j}", list[j], "is blank (it would match every page)");
                }
            }
        }
    }
}
