using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Aggregations;
using Elastic.Clients.Elasticsearch.Core.Search;
using Elastic.Clients.Elasticsearch.QueryDsl;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Search;
using SentimentWatch.Core.Segmentation;
using SentimentWatch.Search.Elasticsearch.Indexing;

namespace SentimentWatch.Search.Elasticsearch.Querying;

/// <summary>
/// <see cref="IPostSearch"/> on the Elasticsearch alias. The query text is cut into words by the same tokenizer as the
/// SQLite provider and every word must match one of the word fields (title weighs 3, text 1, earlier versions 0.5); a
/// word is matched as a term by the whitespace analyzer, so Lucene query syntax in the text is never interpreted.
/// Filters are keyword, number and date filters inside the index (no scoring). The hits' text, snippet, deletion,
/// incident and level are read from the store as they are now (<see cref="ISearchFeed.HydrateAsync"/>).
/// </summary>
public sealed class ElasticsearchPostSearch(
    ElasticsearchConnection connection, ISearchFeed feed, ISearchTokenizer tokenizer, IOptions<ElasticsearchOptions> options, IOptions<SearchLimits> limits) : IPostSearch
{
    /// <summary>Most incidents an actor-view (contact) search reports.</summary>
    private const int MaxIncidents = 1000;

    private const string IncidentsAggregation = "incidents";

    private readonly IndexLayout _layout = new(options.Value.IndexPrefix, options.Value.Shards, options.Value.Replicas);

    public Task<long> LagAsync(CancellationToken cancellationToken) => feed.LagAsync(ElasticsearchIndex.Consumer, cancellationToken);

    public async Task<PostSearchResult> SearchAsync(PostSearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var words = string.IsNullOrWhiteSpace(query.Text) ? [] : tokenizer.TokenizeQuery(query.Text);
        if (!string.IsNullOrWhiteSpace(query.Text) && words.Count == 0)
        {
            // Only punctuation or symbols: there is no word to look for, and "everything" would be a wrong answer.
            return new PostSearchResult([], 0);
        }

        var contacts = string.IsNullOrWhiteSpace(query.Contact) ? [] : ContactQuery.Candidates(tokenizer, query.Contact);
        var request = Request(query, words, contacts);
        var response = await connection.Client.SearchAsync<PostDocument>(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsValidResponse)
        {
            throw new ElasticsearchIndexException($"Elasticsearch search failed: {ElasticsearchIndex.Describe(response)}");
        }

        var refs = response.Hits.Select(h => new SearchHitRef(
            h.Source?.PostId ?? long.Parse(h.Id!, System.Globalization.CultureInfo.InvariantCulture), h.Score ?? 0,
            h.Source?.Label, h.Source?.Confidence, h.Source?.Contacts ?? [], h.Source?.ContactsRaw ?? [])).ToList();
        var hits = await feed.HydrateAsync(refs, words, limits.Value.SnippetChars, cancellationToken).ConfigureAwait(false);
        var total = response.HitsMetadata.Total?.Match(t => t?.Value ?? 0, l => l) ?? response.Total;
        var atLeast = response.HitsMetadata.Total?.Match(t => t?.Relation == TotalHitsRelation.Gte, _ => false) ?? false;

        IReadOnlyList<PostSearchIncident> incidents = [];
        if (contacts.Count > 0 && response.Aggregations?.GetLongTerms(IncidentsAggregation) is { } buckets)
        {
            incidents = await feed.IncidentsAsync(buckets.Buckets.Select(b => (b.Key, b.DocCount)).ToList(), cancellationToken).ConfigureAwait(false);
        }

        return new PostSearchResult(hits, total) { Incidents = incidents, TotalIsAtLeast = atLeast };
    }

    /// <summary>The search request for a query (words already cut, contact candidates already expanded).</summary>
    internal SearchRequest Request(PostSearchQuery query, IReadOnlyList<string> words, IReadOnlyList<string> contacts)
    {
        var limit = Math.Clamp(query.Limit, 1, limits.Value.MaxResults);
        var must = words.Select(w => (Query)new MultiMatchQuery
        {
            Query = w,
            Fields = Fields.FromStrings(["title_words^3", "body_words", "history_words^0.5"]),
            Operator = Operator.And,
        }).ToList();
        var filter = new List<Query>();
        if (query.FromUtc is not null || query.ToUtc is not null)
        {
            filter.Add(new DateRangeQuery("at") { Gte = query.FromUtc?.UtcDateTime, Lte = query.ToUtc?.UtcDateTime });
        }

        Term("platform", query.Platform);
        Term("source_id", query.SourceId);
        Term("label", query.Label?.Trim());
        if (query.Author?.Trim() is { Length: > 0 } author)
        {
            filter.Add(new BoolQuery
            {
                Should = [new TermQuery { Field = "author_name", Value = author }, new TermQuery { Field = "author_id", Value = author }],
                MinimumShouldMatch = 1,
            });
        }

        if (query.MinLevel is { } level && level > IncidentLevel.None)
        {
            filter.Add(new NumberRangeQuery("level") { Gte = (int)level });
        }

        if (contacts.Count > 0)
        {
            filter.Add(new TermsQuery { Field = "contacts", Terms = new TermsQueryField(contacts.Select(c => (FieldValue)c).ToList()) });
        }

        var request = new SearchRequest(_layout.Alias)
        {
            Query = new BoolQuery { Must = must, Filter = filter },
            From = Math.Max(0, query.Offset),
            Size = limit,
            TrackTotalHits = new TrackHits(limits.Value.MaxCount),
            Source = new SourceConfig(new SourceFilter { Includes = Fields.FromStrings(["post_id", "label", "confidence", "contacts", "contacts_raw"]) }),
            Sort = words.Count > 0
                ? [new SortOptions { Score = new ScoreSort { Order = SortOrder.Desc } }, Newest("at"), Newest("post_id")]
                : [Newest("at"), Newest("post_id")],
        };
        if (contacts.Count > 0)
        {
            request.Aggregations = new Dictionary<string, Aggregation>
            {
                [IncidentsAggregation] = new TermsAggregation { Field = "incident_id", Size = MaxIncidents },
            };
        }

        return request;

        void Term(string field, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                filter.Add(new TermQuery { Field = field, Value = value });
            }
        }

        static SortOptions Newest(string field) => new() { Field = new FieldSort { Field = field, Order = SortOrder.Desc } };
    }
}

/// <summary>The provider-independent limits of <c>Search</c> that the Elasticsearch search honours as the SQLite one does.</summary>
public sealed class SearchLimits
{
    public int MaxResults { get; set; } = 500;

    public int MaxCount { get; set; } = 10_000;

    public int SnippetChars { get; set; } = 120;
}

/// <summary>The same ranges, with the same words, as the embedded index's <c>Search</c> validator (<see cref="SearchLimitRules"/>).</summary>
internal sealed class SearchLimitsValidator : IValidateOptions<SearchLimits>
{
    public ValidateOptionsResult Validate(string? name, SearchLimits options) =>
        ConfigErrors.Collect(e => SearchLimitRules.Check(e, options.MaxResults, options.MaxCount, options.SnippetChars));
}
