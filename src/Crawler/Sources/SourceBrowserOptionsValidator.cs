using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Crawler.Sources;

/// <summary>
/// Checks a source's browser keys (<see cref="SourceBrowserOptions"/>, with <c>Fetch</c> and <c>LoginUrl</c>): set only for
/// <c>Fetch: Browser</c>, a capture pattern for Json, valid wait selector, steps and rounds.
/// </summary>
internal static class SourceBrowserOptionsValidator
{
    public static void Validate(SourceOptions s, string key, ConfigErrors errors)
    {
        CheckRegex(s.LoginUrl, key + ":LoginUrl", errors);
        var b = s.Browser;
        if (s.Fetch != FetchMode.Browser)
        {
            if (b.WaitFor is not null || b.Capture is not null || b.Steps.Count > 0)
            {
                errors.Add(key + ":Browser", "is set but Fetch is not Browser: set Fetch to Browser or remove the Browser keys");
            }

            return;
        }

        if (s.Kind == SourceKind.Feed)
        {
            errors.Add(key + ":Fetch", "Browser", "a feed is read from its HTTP answer; Fetch: Browser needs Kind Html or Json");
        }

        if (s.Kind == SourceKind.Json && string.IsNullOrWhiteSpace(b.Capture))
        {
            errors.Add(key + ":Browser:Capture", "is required for a Json browser source (which answers the page loads are read)");
        }

        CheckRegex(b.Capture, key + ":Browser:Capture", errors);
        if (b.WaitFor is not null && !SourceChecks.IsCss(b.WaitFor))
        {
            errors.Add(key + ":Browser:WaitFor", b.WaitFor, "is not a valid CSS selector");
        }

        for (var i = 0; i < b.Steps.Count; i++)
        {
            var step = b.Steps[i].Trim();
            if (step == "scroll")
            {
                continue;
            }

            if (!step.StartsWith("click:", StringComparison.Ordinal) || !SourceChecks.IsCss(step["click:".Length..]))
            {
                errors.Add($"{key}:Browser:Steps:{i}", b.Steps[i], "is not a step ('scroll' or 'click:CSS' with a valid selector)");
            }
        }

        errors.Between(key + ":Browser:MaxRounds", b.MaxRounds, 0, 100);

        static void CheckRegex(string? pattern, string k, ConfigErrors errors)
        {
            if (pattern is null)
            {
                return;
            }

            try
            {
                _ = new System.Text.RegularExpressions.Regex(pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                errors.Add(k, pattern, "is not a regular expression: " + ex.Message);
            }
        }
    }
}
