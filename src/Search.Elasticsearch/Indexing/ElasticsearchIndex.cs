using System.Diagnostics;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Core.Bulk;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Search;
using SentimentWatch.Core.Segmentation;

namespace SentimentWatch.Search.Elasticsearch.Indexing;

/// <summary>
/// Keeps the Elasticsearch indices in step with the store from its durable change feeds (<see cref="ISearchFeed"/>),
/// with the checkpoint in the store (consumer <c>elasticsearch</c>). A round reads a batch, writes its documents with
/// the bulk API, and moves the checkpoint only when every document is in: a failed or half-failed bulk, a cluster
/// that is down or a crash leaves the checkpoint where it was, and the next round writes the batch again. Each
/// document carries the store's revision as an external version (<c>external_gte</c>), so a copy older than the one
/// in the index is refused (409) instead of overwriting it, and writing the same revision twice is harmless. Items
/// answered 429 or 5xx are retried alone with back-off; a whole request refused or unanswered is retried with back-off.
/// </summary>
public sealed class ElasticsearchIndex : IPostSearchIndex
{
    public const string Consumer = "elasticsearch";

    /// <summary>Batches at least this big are segmented on several threads.</summary>
    private const int ParallelFrom = 64;

    private readonly ElasticsearchClient _client;
    private readonly ISearchFeed _feed;
    private readonly ISearchTokenizer _tokenizer;
    private readonly ElasticsearchOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IndexLayout _layout;
    private volatile bool _templateInPlace;

    public ElasticsearchIndex(ElasticsearchConnection connection, ISearchFeed feed, ISearchTokenizer tokenizer, IOptions<ElasticsearchOptions> options, TimeProvider time, ILogger<ElasticsearchIndex>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        _client = connection.Client;
        _feed = feed;
        _tokenizer = tokenizer;
        _options = options.Value;
        _time = time;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _layout = new IndexLayout(_options.IndexPrefix, _options.Shards, _options.Replicas);
    }

    internal IndexLayout Layout => _layout;

    /// <summary>How many stored posts have changes not yet in the index.</summary>
    public Task<long> LagAsync(CancellationToken cancellationToken) => _feed.LagAsync(Consumer, cancellationToken);

    /// <summary>Whether the cluster answers (a cheap <c>HEAD /</c>); false when it is down or refuses the credentials.</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        var response = await _client.PingAsync(cancellationToken).ConfigureAwait(false);
        return response.IsValidResponse;
    }

    public async Task<SearchIndexReport> CatchUpAsync(CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        long posts = 0;
        while (true)
        {
            var round = await RunOnceAsync(cancellationToken).ConfigureAwait(false);
            posts += round.Documents;
            if (!round.More)
            {
                if (posts > 0)
                {
                    // Searchable now, not at the next refresh: `sw search` catches up and then searches at once.
                    var refreshed = await _client.Indices.RefreshAsync(new Elastic.Clients.Elasticsearch.IndexManagement.RefreshRequest(_layout.Alias), cancellationToken).ConfigureAwait(false);
                    Ensure(refreshed.IsValidResponse, refreshed, "refresh the index");
                }

                return new SearchIndexReport(posts, 0, sw.Elapsed);
            }
        }
    }

    public async Task<SearchIndexReport> ReindexAsync(CancellationToken cancellationToken)
    {
        // Explicit names: clusters refuse wildcard deletes by default (action.destructive_requires_name).
        var existing = await _client.Indices.GetAsync(new Elastic.Clients.Elasticsearch.IndexManagement.GetIndexRequest(_layout.Pattern), cancellationToken).ConfigureAwait(false);
        Ensure(existing.IsValidResponse || existing.ApiCallDetails.HttpStatusCode == 404, existing, "list indices");
        var names = existing.IsValidResponse ? existing.Indices.Keys.Select(k => k.ToString()).ToList() : [];
        if (names.Count > 0)
        {
            var deleted = await _client.Indices.DeleteAsync(new Elastic.Clients.Elasticsearch.IndexManagement.DeleteIndexRequest(Indices.Parse(string.Join(',', names))), cancellationToken).ConfigureAwait(false);
            Ensure(deleted.IsValidResponse, deleted, "delete indices");
        }

        ElasticsearchLog.Cleared(_logger, names.Count == 0 ? "(none)" : string.Join(", ", names));
        await _feed.ResetAsync(Consumer, cancellationToken).ConfigureAwait(false);
        _templateInPlace = false;
        return await CatchUpAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates or updates the index template (mapping, analyzer, alias) — before the first write of the process.</summary>
    public async Task EnsureTemplateAsync(CancellationToken cancellationToken)
    {
        if (_templateInPlace)
        {
            return;
        }

        var response = await _client.Indices.PutIndexTemplateAsync(_layout.TemplateRequest(), cancellationToken).ConfigureAwait(false);
        Ensure(response.IsValidResponse, response, "put the index template");
        _templateInPlace = true;
    }

    /// <summary>One batch of the feeds into the index. <c>More</c> is false when the feeds had nothing past the checkpoint.</summary>
    internal async Task<(int Documents, bool More)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var sw = Stopwatch.StartNew();
        var batch = await _feed.ReadAsync(Consumer, _options.BulkSize, cancellationToken).ConfigureAwait(false);
        if (batch.IsEmpty)
        {
            return (0, false);
        }

        await EnsureTemplateAsync(cancellationToken).ConfigureAwait(false);
        var docs = ToDocuments(batch.Documents, cancellationToken);
        long conflicts = 0;
        for (var i = 0; i < docs.Count; i += _options.BulkSize)
        {
            conflicts += await WriteAsync(docs.GetRange(i, Math.Min(_options.BulkSize, docs.Count - i)), cancellationToken).ConfigureAwait(false);
        }

        if (!await _feed.CommitAsync(Consumer, batch, cancellationToken).ConfigureAwait(false))
        {
            ElasticsearchLog.Raced(_logger);
        }

        ElasticsearchLog.Indexed(_logger, docs.Count, conflicts, sw.ElapsedMilliseconds);
        return (docs.Count, true);
    }

    /// <summary>The documents with their words (outside any request; on every core for a backlog — segmenting is the expensive part).</summary>
    internal List<(PostDocument Doc, long Revision)> ToDocuments(IReadOnlyList<SearchDocument> source, CancellationToken cancellationToken)
    {
        var docs = new (PostDocument Doc, long Revision)[source.Count];
        var parallel = new ParallelOptions
        {
            CancellationToken = cancellationToken,
            MaxDegreeOfParallelism = source.Count >= ParallelFrom ? Environment.ProcessorCount : 1,
        };
        Parallel.For(0, source.Count, parallel, () => new List<string>(512), (i, _, words) =>
        {
            var d = source[i];
            docs[i] = (new PostDocument
            {
                PostId = d.PostId,
                TitleWords = _tokenizer.IndexWords(d.Title, words),
                BodyWords = _tokenizer.IndexWords(d.Text, words),
                HistoryWords = _tokenizer.IndexWords(d.EarlierVersions, words),
                SourceId = d.SourceId,
                Platform = d.Platform,
                AuthorId = d.AuthorId,
                AuthorName = d.AuthorName,
                Label = d.Label,
                Confidence = d.Confidence,
                Contacts = d.Contacts.Select(c => c.Value).Distinct(StringComparer.Ordinal).ToList(),
                ContactsRaw = d.Contacts.Select(c => c.Raw).Distinct(StringComparer.Ordinal).ToList(),
                IncidentId = d.IncidentId,
                Level = (int)d.Level,
                At = d.AtUtc,
                FirstSeen = d.FirstSeenUtc,
                DeletedAt = d.DeletedAtUtc,
                Version = d.Version,
            }, d.Revision);
            return words;
        }, _ => { });
        return [.. docs];
    }

    internal BulkRequest BulkRequest(IReadOnlyList<(PostDocument Doc, long Revision)> docs)
    {
        var operations = new BulkOperationsCollection();
        foreach (var (doc, revision) in docs)
        {
            operations.Add(new BulkIndexOperation<PostDocument>(doc, _layout.IndexFor(doc.FirstSeen))
            {
                Id = doc.PostId.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Version = revision,
                VersionType = VersionType.ExternalGte,
            });
        }

        return new BulkRequest { Operations = operations };
    }

    /// <summary>Writes one bulk until every item is in (or already newer there); returns the version conflicts.</summary>
    private async Task<long> WriteAsync(List<(PostDocument Doc, long Revision)> docs, CancellationToken cancellationToken)
    {
        var pending = docs;
        long conflicts = 0;
        for (var attempt = 1; ; attempt++)
        {
            var response = await _client.BulkAsync(BulkRequest(pending), cancellationToken).ConfigureAwait(false);
            var items = response.Items as IReadOnlyList<ResponseItem> ?? [.. response.Items ?? []];
            var retry = new List<(PostDocument, long)>();
            string status;
            if (items.Count != pending.Count)
            {
                // The request as a whole was refused or not answered (cluster down, 429, 5xx, a proxy's error page).
                var code = response.ApiCallDetails.HttpStatusCode;
                if (code is not null && !Retryable(code.Value))
                {
                    throw new ElasticsearchIndexException($"Elasticsearch refused a bulk of {pending.Count} posts: {Describe(response)}");
                }

                retry = pending;
                status = code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "no answer";
            }
            else
            {
                for (var i = 0; i < pending.Count; i++)
                {
                    var item = items[i];
                    if (item.Status is >= 200 and < 300)
                    {
                        continue;
                    }

                    if (item.Status == 409)
                    {
                        // external_gte refused an older revision: the index already holds a newer copy of this post.
                        conflicts++;
                    }
                    else if (Retryable(item.Status))
                    {
                        retry.Add(pending[i]);
                    }
                    else
                    {
                        throw new ElasticsearchIndexException(
                            $"Elasticsearch refused post {pending[i].Doc.PostId} ({item.Status} {item.Error?.Type}: {item.Error?.Reason}); the batch stays unindexed until this is fixed");
                    }
                }

                status = "partial failure";
            }

            if (retry.Count == 0)
            {
                return conflicts;
            }

            if (attempt >= _options.MaxAttempts)
            {
                throw new ElasticsearchIndexException($"Elasticsearch did not take {retry.Count} of {pending.Count} posts after {attempt} attempts ({status}): {Describe(response)}");
            }

            var wait = Backoff(attempt);
            ElasticsearchLog.BulkBackoff(_logger, status, pending.Count, retry.Count, attempt, (long)wait.TotalMilliseconds);
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            pending = retry;
        }
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1: <c>Backoff</c> doubled per attempt, at most <c>MaxBackoff</c>.</summary>
    internal TimeSpan Backoff(int attempt) =>
        TimeSpan.FromTicks(Math.Min(_options.MaxBackoff.Ticks, _options.Backoff.Ticks * (1L << Math.Min(attempt - 1, 30))));

    private static bool Retryable(int status) => status is 429 or >= 500;

    internal static string Describe(Elastic.Transport.Products.Elasticsearch.ElasticsearchResponse response) =>
        response.ElasticsearchServerError?.Error is { } e ? $"{response.ApiCallDetails.HttpStatusCode} {e.Type}: {e.Reason}"
        : response.ApiCallDetails.OriginalException?.Message ?? $"HTTP {response.ApiCallDetails.HttpStatusCode}";

    private static void Ensure(bool ok, Elastic.Transport.Products.Elasticsearch.ElasticsearchResponse response, string what)
    {
        if (!ok)
        {
            throw new ElasticsearchIndexException($"Elasticsearch could not {what}: {Describe(response)}");
        }
    }
}
