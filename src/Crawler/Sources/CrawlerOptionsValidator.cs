using System.Text.RegularExpressions;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Crawler.Parsing;

namespace SentimentWatch.Crawler.Sources;

/// <summary>
/// Refuses start-up on any bad source, naming every bad key and value at once: URLs, profile, kind, schedule
/// (Cron xor Interval, valid cron), duplicate ids, selectors (known role, valid CSS / field path / regex, required roles).
/// </summary>
internal sealed partial class CrawlerOptionsValidator(SourceBindErrors bindErrors, SourceConfiguration configuration) : IValidateOptions<CrawlerOptions>
{
    private static readonly HtmlParser CssProbe = new();

    public ValidateOptionsResult Validate(string? name, CrawlerOptions options)
    {
        var errors = new ConfigErrors();
        foreach (var (key, value, reason) in bindErrors.Errors)
        {
            if (value is null)
            {
                errors.Add(key, reason);
            }
            else
            {
                errors.Add(key, value, reason);
            }
        }

        var seen = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var key = i < bindErrors.SourceKeys.Count ? bindErrors.SourceKeys[i] : $"{CrawlerOptions.Section}:Sources:{i}";
            var s = options.Sources[i];
            if (!IdRegex().IsMatch(s.Id))
            {
                errors.Add(key + ":Id", s.Id, "is not a source id ([a-z0-9_-]+)");
            }
            else if (seen.TryGetValue(s.Id, out var first))
            {
                errors.Add(key + ":Id", s.Id, $"is already the id of {first}");
            }
            else
            {
                seen[s.Id] = key;
            }

            // A profile that failed to load already explains the missing Kind and selectors.
            var profileFailed = bindErrors.Errors.Any(e => e.Key == key + ":Profile");
            ValidateSource(s, key, errors, profileFailed);
            if (i < bindErrors.ProfileHeaderKeys.Count && bindErrors.ProfileHeaderKeys[i] is { Count: > 0 } fromProfile)
            {
                Fetching.SourceHeaderSettingsValidator.Check(errors, configuration.Root, key, s.Id,
                    s.Headers.Where(h => fromProfile.Contains(nameof(SourceOptions.Headers) + ":" + h.Key)),
                    fromProfile.Contains(nameof(SourceOptions.Cookie)) ? s.Cookie : null,
                    $", from profile '{s.Profile}'");
            }
        }

        return errors.ToResult();
    }

    /// <summary>Checks one merged source; public to the assembly so <c>sw sources check</c>-style tools can reuse it.</summary>
    internal static void ValidateSource(SourceOptions s, string key, ConfigErrors errors, bool profileFailed = false)
    {
        for (var j = 0; j < s.Urls.Count; j++)
        {
            if (!IsHttpUrl(s.Urls[j]))
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
        if (s.MaxPages is < 1 or > 10_000)
        {
            errors.Add(key + ":MaxPages", s.MaxPages, "must be between 1 and 10000");
        }

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

        ValidateBrowser(s, key, errors);
        ValidateMarkers(s.Markers, key + ":Markers", errors);
        s.Outbound.Validate(key + ":Outbound", errors);
        if (s.Kind is null)
        {
            if (!profileFailed)
            {
                errors.Add(key + ":Kind", "is required (Html, Json or Feed), directly or from the Profile");
            }

            return;
        }

        ValidateSelectors(s, s.Kind.Value, key, errors);
    }

    private static void ValidateBrowser(SourceOptions s, string key, ConfigErrors errors)
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
        if (b.WaitFor is not null && !IsCss(b.WaitFor))
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

            if (!step.StartsWith("click:", StringComparison.Ordinal) || !IsCss(step["click:".Length..]))
            {
                errors.Add($"{key}:Browser:Steps:{i}", b.Steps[i], "is not a step ('scroll' or 'click:CSS' with a valid selector)");
            }
        }

        if (b.MaxRounds is < 0 or > 100)
        {
            errors.Add(key + ":Browser:MaxRounds", b.MaxRounds, "must be between 0 and 100");
        }

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
        else if (!IsHttpUrl(t.Replace("{keyword}", "k", StringComparison.Ordinal).Replace("{page}", "1", StringComparison.Ordinal)
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

    private static void ValidateMarkers(PageMarkerOptions m, string key, ConfigErrors errors)
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

    private static void ValidateSelectors(SourceOptions s, SourceKind kind, string key, ConfigErrors errors)
    {
        var known = SelectorRoles.For(kind);
        foreach (var (k, value) in s.Selectors)
        {
            var selKey = $"{key}:Selectors:{k}";
            var (role, isPattern) = SelectorRoles.Split(k);
            if (!known.Contains(role) && !(kind == SourceKind.Html && role.StartsWith(SelectorRoles.VarsPrefix, StringComparison.Ordinal) && role.Length > SelectorRoles.VarsPrefix.Length))
            {
                errors.Add(selKey, value, known.Count == 0
                    ? $"is not used: a {kind} source takes no selectors"
                    : $"is not a selector role of a {kind} source (known: {string.Join(", ", known.Order(StringComparer.Ordinal))})");
                continue;
            }

            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add(selKey, value, "is empty");
                continue;
            }

            if (isPattern)
            {
                ValidateRegex(selKey, value, errors);
                if (!s.Selectors.ContainsKey(role))
                {
                    errors.Add(selKey, value, $"is a pattern for '{role}', which is not set");
                }
            }
            else if (kind == SourceKind.Html && (role is "list" or "item" or "detail.post" or "detail.reply" || role.EndsWith(SelectorRoles.ExcludeSuffix, StringComparison.Ordinal)))
            {
                // Structural roles select elements, not values: plain CSS (use ',' for alternatives).
                if (!IsCss(value))
                {
                    errors.Add(selKey, value, "is not valid CSS (structural roles take a plain selector; use ',' for alternatives)");
                }
            }
            else if (kind == SourceKind.Html && role == SelectorRoles.CommentsUrl && Parsing.UrlTemplate.IsTemplate(value))
            {
                // A URL template: absolute http(s) or a path on the article's host.
                var probe = Parsing.UrlTemplate.Fill(value, _ => "1", out _)!;
                if (!probe.StartsWith('/') && !(Uri.TryCreate(probe, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps)))
                {
                    errors.Add(selKey, value, "is a URL template but neither an absolute http(s) URL nor a path starting with '/'");
                }
            }
            else if (kind == SourceKind.Html && role.StartsWith("comments.", StringComparison.Ordinal))
            {
                // An HTML source's comments come from a JSON API: field paths, like a Json source.
                ValidateJson(role, selKey, value, errors);
            }
            else if (kind == SourceKind.Html)
            {
                ValidateCss(selKey, value, errors);
            }
            else
            {
                ValidateJson(role, selKey, value, errors);
            }
        }

        if (kind == SourceKind.Html && s.Selectors.TryGetValue(SelectorRoles.CommentsUrl, out var comments) && Parsing.UrlTemplate.IsTemplate(comments))
        {
            foreach (var name in Parsing.UrlTemplate.Names(comments).Where(n => n != "page" && !s.Selectors.ContainsKey(SelectorRoles.VarsPrefix + n)))
            {
                errors.Add($"{key}:Selectors:{SelectorRoles.CommentsUrl}", comments, $"uses {{{name}}}, but '{SelectorRoles.VarsPrefix}{name}' (where on the page the value is read) is not set");
            }
        }

        RequireRoles(s, kind, key, errors);
    }

    private static void RequireRoles(SourceOptions s, SourceKind kind, string key, ConfigErrors errors)
    {
        void Require(string role, string why)
        {
            if (!s.Selectors.ContainsKey(role))
            {
                errors.Add($"{key}:Selectors:{role}", why);
            }
        }

        var sel = s.Selectors;
        if (kind == SourceKind.Html)
        {
            Require("item", "is required for an Html source (the CSS selector of one post on a list page)");
            if (!sel.ContainsKey("id") && !sel.ContainsKey("link"))
            {
                errors.Add($"{key}:Selectors:id", "an Html source needs 'id' or 'link' to name each item");
            }

            if (SelectorRoles.HasDetail(s))
            {
                Require("detail.id", "is required when detail pages are read (the post id, e.g. '$url' with 'detail.id.pattern')");
                if (!sel.ContainsKey("detail.body") && !sel.ContainsKey("detail.reply"))
                {
                    errors.Add($"{key}:Selectors:detail.body", "detail pages need 'detail.body' or 'detail.reply'");
                }

                if (sel.ContainsKey("detail.reply"))
                {
                    Require("detail.reply.id", "is required with 'detail.reply' (each reply's id)");
                }
            }

            // "comments.pattern" belongs to the list role "comments"; only comments.* roles proper ask for the API.
            if (sel.ContainsKey("commentsUrl") || sel.Keys.Any(k => SelectorRoles.Split(k).Role.StartsWith("comments.", StringComparison.Ordinal)))
            {
                Require("commentsUrl", "is required with 'comments.*' (the selector of the comments API link on a detail page)");
                Require("comments.items", "is required with 'commentsUrl' (the path to the comments in the API answer)");
                Require("comments.id", "is required with 'commentsUrl' (each comment's id)");
            }
        }
        else if (kind == SourceKind.Json)
        {
            Require("items", "is required for a Json source (the path to the list of posts, e.g. 'data.cards[*].mblog')");
            Require("id", "is required for a Json source (each post's id, relative to its item)");
            if (SelectorRoles.HasDetail(s))
            {
                Require("detail.items", "is required when detail pages are read");
                Require("detail.id", "is required when detail pages are read");
            }

            if (sel.ContainsKey(SelectorRoles.RecrawlUrl))
            {
                Require("recrawl.items", "is required with 'recrawlUrl' (the path to the post in its own API answer, e.g. 'data')");
            }
            else if (sel.Keys.Any(k => k.StartsWith("recrawl.", StringComparison.Ordinal)))
            {
                Require(SelectorRoles.RecrawlUrl, "is required with 'recrawl.*' (the URL template of one post's API answer, e.g. '/statuses/show?id={id}')");
            }
        }
    }

    private static void ValidateRegex(string key, string value, ConfigErrors errors)
    {
        try
        {
            _ = new Regex(value, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException ex)
        {
            errors.Add(key, value, $"is not a valid regular expression: {ex.Message}");
        }
    }

    private static void ValidateCss(string key, string value, ConfigErrors errors)
    {
        foreach (var sel in HtmlSelector.ParseAll(value))
        {
            if (sel.Attribute is { Length: 0 })
            {
                errors.Add(key, value, "names no attribute after '@'");
            }

            if (sel.Css is null)
            {
                continue;
            }

            if (!IsCss(sel.Css))
            {
                errors.Add(key, value, $"is not valid CSS ('{sel.Css}' does not parse as a selector)");
            }
        }
    }

    private static bool IsCss(string css)
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

    private static void ValidateJson(string role, string key, string value, ConfigErrors errors)
    {
        if (role is "nextPageParam" or "detail.nextPageParam" or "comments.nextPageParam")
        {
            if (value.Any(c => char.IsWhiteSpace(c) || c is '&' or '=' or '?'))
            {
                errors.Add(key, value, "is not a query parameter name");
            }

            return;
        }

        if (role == SelectorRoles.RecrawlUrl)
        {
            ValidateRecrawlTemplate(key, value, errors);
            return;
        }

        if (role is "detailUrl" or "fullTextUrl" || (role.EndsWith("link", StringComparison.Ordinal) && value.Contains('{', StringComparison.Ordinal)))
        {
            ValidateTemplate(key, value, errors);
            return;
        }

        if (Parsing.JsonFieldPath.TryParse(value, out var error) is null)
        {
            errors.Add(key, value, $"is not a field path: it {error}");
        }
    }

    private static void ValidateTemplate(string key, string value, ConfigErrors errors)
    {
        var filled = TemplateRegex().Replace(value, "1");
        if (filled.Contains('{', StringComparison.Ordinal) || filled.Contains('}', StringComparison.Ordinal))
        {
            errors.Add(key, value, "has an unbalanced '{' or '}'");
            return;
        }

        foreach (Match m in TemplateRegex().Matches(value))
        {
            if (Parsing.JsonFieldPath.TryParse(m.Groups[1].Value, out var error) is null)
            {
                errors.Add(key, value, $"has placeholder '{m.Value}' that is not a field path: it {error}");
            }
        }

        if (!filled.StartsWith('/') && !IsHttpUrl(filled))
        {
            errors.Add(key, value, "is not an http(s) URL template (absolute, or starting with '/')");
        }
    }

    /// <summary>The recrawl template is filled from the stored post, not from a JSON item: <c>{id}</c> is its only placeholder.</summary>
    private static void ValidateRecrawlTemplate(string key, string value, ConfigErrors errors)
    {
        var filled = TemplateRegex().Replace(value, "1");
        var others = TemplateRegex().Matches(value).Select(m => m.Value).Where(p => p != "{id}").Distinct(StringComparer.Ordinal).ToList();
        if (filled.Contains('{', StringComparison.Ordinal) || filled.Contains('}', StringComparison.Ordinal))
        {
            errors.Add(key, value, "has an unbalanced '{' or '}'");
        }
        else if (others.Count > 0)
        {
            errors.Add(key, value, $"has placeholder {string.Join(", ", others.Select(p => $"'{p}'"))}; a recrawl URL takes only {{id}} (the stored platform post id)");
        }
        else if (!value.Contains("{id}", StringComparison.Ordinal))
        {
            errors.Add(key, value, "has no {id} placeholder, so every post would re-fetch the same URL");
        }
        else if (!filled.StartsWith('/') && !IsHttpUrl(filled))
        {
            errors.Add(key, value, "is not an http(s) URL template (absolute, or starting with '/')");
        }
    }

    private static bool IsHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttp || u.Scheme == Uri.UriSchemeHttps) && u.Host.Length > 0;

    [GeneratedRegex("^[a-z0-9_-]+$")]
    private static partial Regex IdRegex();

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex TemplateRegex();
}

/// <summary>The configuration the sources were bound from (secrets and environment references resolve against it).</summary>
internal sealed record SourceConfiguration(Microsoft.Extensions.Configuration.IConfiguration Root);
