using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Crawler.Sources;

/// <summary>
/// Checks one merged source (<see cref="SourceOptions"/>): URLs, search template and keywords, charset, schedule (Cron xor
/// Interval, valid cron), limits, canonical hosts, then its browser keys, page markers, outbound rules and selectors, each
/// with its own validator. A source is not an options instance of its own (it is bound inside <see cref="CrawlerOptions"/>
/// with its profile merged in), so its validator takes the configuration key it reports under.
/// </summary>
internal static class SourceOptionsValidator
{
    /// <summary>Checks one merged source; internal so <c>sw sources check</c>-style tools can reuse it.</summary>
    internal static void Validate(SourceOptions s, string key, ConfigErrors errors, bool profileFailed = false)
    {
        for (var j = 0; j < s.Urls.Count; j++)
        {
            if (!SourceChecks.IsHttpUrl(s.Urls[j]))
            {
                errors.Add($"{key}:Urls:{j}", s.Urls[j], "is not an absolute http(s) URI");
            }
        }

        ValidateSearch(s, key, errors);
        if (s.Urls.Count == 0 && string.IsNullOrWhiteSpace(s.SearchUrlTemplate))
        {
            errors.Add(key + ":Urls", "the source has neither Urls nor a SearchUrlTemplate, so it has nothing to read");
        }

        if (SearchUrls.EncodingFor(s.Charset) is null)
        {
            errors.Add(key + ":Charset", s.Charset, "is not a known charset (utf-8, gbk, gb18030, big5, …)");
        }

        ValidateSchedule(s, key, errors);
        errors.Between(key + ":MaxPages", s.MaxPages, 1, 10_000);

        if (s.PageSize < 1)
        {
            errors.Add(key + ":PageSize", s.PageSize, "must be at least 1");
        }

        if (s.DarkAfterRuns < 1)
        {
            errors.Add(key + ":DarkAfterRuns", s.DarkAfterRuns, "must be at least 1");
        }

        if (s.RecrawlWindow < TimeSpan.Zero)
        {
            errors.Add(key + ":RecrawlWindow", s.RecrawlWindow, "must not be negative");
        }

        foreach (var (alias, canonical) in s.CanonicalHosts)
        {
            if (Uri.CheckHostName(alias) == UriHostNameType.Unknown)
            {
                errors.Add($"{key}:CanonicalHosts:{alias}", alias, "is not a host name");
            }

            if (Uri.CheckHostName(canonical) == UriHostNameType.Unknown)
            {
                errors.Add($"{key}:CanonicalHosts:{alias}", canonical, "is not a host name");
            }
        }

        if (s.MaxAge is { } age && age <= TimeSpan.Zero)
        {
            errors.Add(key + ":MaxAge", age, "must be positive (or unset for no age limit)");
        }

        SourceBrowserOptionsValidator.Validate(s, key, errors);
        PageMarkerOptionsValidator.Validate(s.Markers, key + ":Markers", errors);
        s.Outbound.Validate(key + ":Outbound", errors);
        if (s.Kind is null)
        {
            if (!profileFailed)
            {
                errors.Add(key + ":Kind", "is required (Html, Json or Feed), directly or from the Profile");
            }

            return;
        }

        SelectorsValidator.Validate(s, s.Kind.Value, key, errors);
    }

    private static void ValidateSearch(SourceOptions s, string key, ConfigErrors errors)
    {
        if (string.IsNullOrWhiteSpace(s.SearchUrlTemplate))
        {
            if (s.Keywords.Count > 0)
            {
                errors.Add(key + ":Keywords", "are set but there is no SearchUrlTemplate to put them in");
            }

            return;
        }

        var t = s.SearchUrlTemplate;
        if (!t.Contains("{keyword}", StringComparison.Ordinal))
        {
            errors.Add(key + ":SearchUrlTemplate", t, "has no {keyword} placeholder");
        }
        else if (!SourceChecks.IsHttpUrl(t.Replace("{keyword}", "k", StringComparison.Ordinal).Replace("{page}", "1", StringComparison.Ordinal)
                     .Replace("{page0}", "0", StringComparison.Ordinal).Replace("{offset}", "0", StringComparison.Ordinal)))
        {
            errors.Add(key + ":SearchUrlTemplate", t, "is not an absolute http(s) URI once its placeholders are filled");
        }

        if (s.Keywords.Count == 0)
        {
            errors.Add(key + ":Keywords", "are required with a SearchUrlTemplate (one search per keyword)");
        }

        for (var j = 0; j < s.Keywords.Count; j++)
        {
            if (string.IsNullOrWhiteSpace(s.Keywords[j]))
            {
                errors.Add($"{key}:Keywords:{j}", s.Keywords[j], "is blank");
            }
        }
    }

    private static void ValidateSchedule(SourceOptions s, string key, ConfigErrors errors)
    {
        var hasCron = !string.IsNullOrWhiteSpace(s.Cron);
        if (hasCron && s.Interval is not null)
        {
            errors.Add(key + ":Cron", s.Cron, $"and Interval '{s.Interval}' are both set; set exactly one");
        }
        else if (!hasCron && s.Interval is null)
        {
            errors.Add(key + ":Cron", "neither Cron nor Interval is set; set exactly one");
        }

        if (hasCron)
        {
            try
            {
                _ = new Quartz.CronExpression(s.Cron!);
            }
            catch (FormatException ex)
            {
                errors.Add(key + ":Cron", s.Cron, $"is not a Quartz cron expression (seconds first, e.g. '0 */5 * * * ?'): {ex.Message}");
            }
        }

        if (s.Interval is { } interval && interval <= TimeSpan.Zero)
        {
            errors.Add(key + ":Interval", interval, "must be positive");
        }
    }
}
