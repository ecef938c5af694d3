using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Crawler.Sources;

/// <summary>The selector roles a source of each kind cannot do without, and the roles other roles bring with them.</summary>
internal static class RequiredSelectorRoles
{
    public static void Validate(SourceOptions s, SourceKind kind, string key, ConfigErrors errors)
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
}
