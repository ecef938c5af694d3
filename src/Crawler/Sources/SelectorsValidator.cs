using System.Text.RegularExpressions;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Crawler.Parsing;

namespace SentimentWatch.Crawler.Sources;

/// <summary>
/// Checks a source's selectors: each key a role of its kind, each value valid CSS, field path, URL template or regex as
/// its role takes, template placeholders backed by <c>vars.*</c> roles; then <see cref="RequiredSelectorRoles"/>.
/// </summary>
internal static class SelectorsValidator
{
    public static void Validate(SourceOptions s, SourceKind kind, string key, ConfigErrors errors)
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
                if (!SourceChecks.IsCss(value))
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

        RequiredSelectorRoles.Validate(s, kind, key, errors);
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

            if (!SourceChecks.IsCss(sel.Css))
            {
                errors.Add(key, value, $"is not valid CSS ('{sel.Css}' does not parse as a selector)");
            }
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
        var filled = SourceChecks.TemplateRegex().Replace(value, "1");
        if (filled.Contains('{', StringComparison.Ordinal) || filled.Contains('}', StringComparison.Ordinal))
        {
            errors.Add(key, value, "has an unbalanced '{' or '}'");
            return;
        }

        foreach (Match m in SourceChecks.TemplateRegex().Matches(value))
        {
            if (Parsing.JsonFieldPath.TryParse(m.Groups[1].Value, out var error) is null)
            {
                errors.Add(key, value, $"has placeholder '{m.Value}' that is not a field path: it {error}");
            }
        }

        if (!filled.StartsWith('/') && !SourceChecks.IsHttpUrl(filled))
        {
            errors.Add(key, value, "is not an http(s) URL template (absolute, or starting with '/')");
        }
    }

    /// <summary>The recrawl template is filled from the stored post, not from a JSON item: <c>{id}</c> is its only placeholder.</summary>
    private static void ValidateRecrawlTemplate(string key, string value, ConfigErrors errors)
    {
        var filled = SourceChecks.TemplateRegex().Replace(value, "1");
        var others = SourceChecks.TemplateRegex().Matches(value).Select(m => m.Value).Where(p => p != "{id}").Distinct(StringComparer.Ordinal).ToList();
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
        else if (!filled.StartsWith('/') && !SourceChecks.IsHttpUrl(filled))
        {
            errors.Add(key, value, "is not an http(s) URL template (absolute, or starting with '/')");
        }
    }
}
