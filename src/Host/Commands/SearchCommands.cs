using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Search;
using SentimentWatch.Core.Time;
using SentimentWatch.Host.Cli;

namespace SentimentWatch.Host.Commands;

/// <summary>
/// <c>sw search "words" [filters]</c> and <c>sw search reindex</c>: full-text search over every stored post (the same
/// index the console searches) and its rebuild. A search first brings the index up to date, so it answers for
/// everything stored, also when no worker is running.
/// </summary>
internal sealed class SearchCommands : ICliModule
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public void Register(RootCommand root)
    {
        var text = new Argument<string?>("QUERY") { Description = "Words to find (segmented like the index; every word must match). May be empty with filters", Arity = ArgumentArity.ZeroOrOne };
        var platform = new Option<string?>("--platform") { Description = "Only this platform (e.g. tieba, weibo)" };
        var source = new Option<string?>("--source") { Description = "Only this source id" };
        var label = new Option<string?>("--label") { Description = "Only posts whose latest classification has this label (leak, answer_selling, …)" };
        var level = new Option<string?>("--min-level") { Description = "Only posts in incidents of at least this level (I, II, III, IV)" };
        var author = new Option<string?>("--author") { Description = "Only this author (name or id, exactly)" };
        var contact = new Option<string?>("--contact") { Description = "Posts carrying this contact (QQ, WeChat id, phone …), and their incidents" };
        var from = new Option<string?>("--from") { Description = "Published (else first seen) at or after: 2026-09-20, 2026-09-20 08:00 (Beijing) or ISO 8601 with offset" };
        var to = new Option<string?>("--to") { Description = "Published (else first seen) at or before (a date alone means the end of that day)" };
        var limit = new Option<int>("--limit") { Description = "How many hits to show", DefaultValueFactory = _ => 20 };
        var json = new Option<bool>("--json") { Description = "The result as JSON (hits, total, incidents)" };
        var search = new Command("search", "Full-text search over every stored post: bm25 then newest, snippets with ⟦matches⟧; `sw search reindex` rebuilds the index.")
        {
            text, platform, source, label, level, author, contact, from, to, limit, json,
        };
        search.SetAction((p, ct) => Verb.RunAsync(p, Uses.Store | Uses.Search, async (sp, c) =>
        {
            if (!TryTime(p.GetValue(from), endOfDay: false, out var fromUtc) || !TryTime(p.GetValue(to), endOfDay: true, out var toUtc))
            {
                await Console.Error.WriteLineAsync("sw search: --from/--to must be a date (2026-09-20), a Beijing time (2026-09-20 08:00) or ISO 8601 with offset").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var minLevel = IncidentLevel.None;
            if (p.GetValue(level) is { } levelText && !IncidentLevels.TryParse(levelText, out minLevel))
            {
                await Console.Error.WriteLineAsync($"sw search: --min-level '{levelText}' must be I, II, III or IV").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var query = new PostSearchQuery(p.GetValue(text), fromUtc, toUtc, p.GetValue(platform), p.GetValue(source), p.GetValue(label),
                minLevel == IncidentLevel.None ? null : minLevel, p.GetValue(author), p.GetValue(contact), Math.Max(1, p.GetValue(limit)));
            try
            {
                return await SearchAsync(sp, query, p.GetValue(json), c).ConfigureAwait(false);
            }
            catch (Search.Elasticsearch.Indexing.ElasticsearchIndexException ex)
            {
                // The cluster is down or refused: say so in one line; the posts are safe in the store.
                await Console.Error.WriteLineAsync($"sw search: the search index cannot answer: {ex.Message}").ConfigureAwait(false);
                return ExitCodes.Unavailable;
            }
        }, ct));

        var reindex = new Command("reindex", "Rebuild the search index from the store (safe to re-run and to interrupt); prints what it indexed.");
        reindex.SetAction((p, ct) => Verb.RunAsync(p, Uses.Store | Uses.Search, async (sp, c) =>
        {
            SearchIndexReport report;
            try
            {
                report = await sp.GetRequiredService<IPostSearchIndex>().ReindexAsync(c).ConfigureAwait(false);
            }
            catch (Search.Elasticsearch.Indexing.ElasticsearchIndexException ex)
            {
                await Console.Error.WriteLineAsync($"sw search reindex: the search index cannot be rebuilt now: {ex.Message} (re-run it: it is safe to repeat)").ConfigureAwait(false);
                return ExitCodes.Unavailable;
            }

            var lag = await sp.GetRequiredService<IPostSearch>().LagAsync(c).ConfigureAwait(false);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"reindexed {report.PostsIndexed} posts and {report.ClassificationsApplied} classifications in {report.Elapsed.TotalSeconds:0.0} s ({Rate(report.PostsIndexed, report.Elapsed)} posts/s); {lag} posts not yet searchable"));
            return ExitCodes.Ok;
        }, ct));
        search.Subcommands.Add(reindex);
        root.Subcommands.Add(search);
    }

    private static async Task<int> SearchAsync(IServiceProvider sp, PostSearchQuery query, bool json, CancellationToken ct)
    {
        var caughtUp = await sp.GetRequiredService<IPostSearchIndex>().CatchUpAsync(ct).ConfigureAwait(false);
        if (caughtUp.PostsIndexed > 0)
        {
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"index: {caughtUp.PostsIndexed} posts indexed first ({caughtUp.Elapsed.TotalSeconds:0.0} s)")).ConfigureAwait(false);
        }

        var result = await sp.GetRequiredService<IPostSearch>().SearchAsync(query, ct).ConfigureAwait(false);
        if (json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result, Json));
            return ExitCodes.Ok;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{result.Total}{(result.TotalIsAtLeast ? "+" : string.Empty)} post(s) found; showing {result.Hits.Count}."));
        foreach (var h in result.Hits)
        {
            var when = h.PublishedAtUtc is { } at ? ChinaTime.FormatBeijing(at) : "time unknown";
            var tags = string.Join("  ", new[]
            {
                h.Label is null ? "unclassified" : string.Create(CultureInfo.InvariantCulture, $"{h.Label} {h.Probability:0.00}"),
                h.IncidentId is { } incident ? $"incident #{incident} {h.Level.Roman()}" : null,
                h.DeletedAtUtc is { } deleted ? $"DELETED {ChinaTime.FormatBeijing(deleted)}" : null,
                h.Version > 1 ? $"edited (v{h.Version})" : null,
            }.Where(t => t is not null));
            Console.WriteLine();
            Console.WriteLine($"#{h.PostId}  {when}  {h.Platform}/{h.SourceId}  {h.Author ?? "(no author)"}  {tags}");
            if (!string.IsNullOrWhiteSpace(h.Title))
            {
                Console.WriteLine($"  {h.Title}");
            }

            Console.WriteLine($"  {h.Snippet}");
            if (h.Contacts.Count > 0)
            {
                Console.WriteLine($"  contacts: {string.Join(", ", h.Contacts)}");
            }

            Console.WriteLine($"  {h.Url}");
        }

        if (result.Incidents.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine($"incidents carrying this contact ({result.Incidents.Count}):");
            foreach (var i in result.Incidents)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  #{i.IncidentId}  {i.Level.Roman()}  {i.State}  {i.MatchingPosts} post(s)  last {ChinaTime.FormatBeijing(i.LastSeenUtc)}  {i.Title}"));
            }
        }

        return ExitCodes.Ok;
    }

    private static bool TryTime(string? text, bool endOfDay, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var start = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), ChinaTime.Offset);
            value = endOfDay ? start.AddDays(1).AddTicks(-1) : start;
            return true;
        }

        if (PublishedTime.TryParseBeijingByDefault(text.Trim(), out var at))
        {
            value = at;
            return true;
        }

        return false;
    }

    private static string Rate(long count, TimeSpan elapsed) =>
        elapsed.TotalSeconds > 0 ? (count / elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture) : "-";
}
