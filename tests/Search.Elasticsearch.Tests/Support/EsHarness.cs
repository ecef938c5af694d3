using System.Text.Json;
using System.Text.Json.Nodes;
using Elastic.Transport;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Operations;
using SentimentWatch.Search.Elasticsearch.Indexing;
using SentimentWatch.Storage.Tests.Search;

namespace SentimentWatch.Search.Elasticsearch.Tests.Support;

/// <summary>
/// A real store file with the Elasticsearch provider composed as the host composes it, its transport answered by a
/// <see cref="ScriptedInvoker"/>. By default the scripted cluster takes every request (template, bulk items created).
/// </summary>
internal sealed class EsHarness : IDisposable
{
    private readonly TempDatabase _db = new();

    public EsHarness(Func<SentRequest, Answer>? handler = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Invoker = new ScriptedInvoker(handler ?? Accept);
        var values = new Dictionary<string, string?>
        {
            ["Search:Provider"] = "elasticsearch",
            ["Search:Elasticsearch:Urls:0"] = "http://127.0.0.1:9200",
            ["Search:Elasticsearch:Backoff"] = "00:00:00.001",
            ["Search:Elasticsearch:MaxBackoff"] = "00:00:00.004",
            ["Search:Elasticsearch:MaxAttempts"] = "3",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            values[k] = v;
        }

        Store = new SearchStore(_db, values, compose: (services, config) =>
        {
            services.AddSingleton<IRequestInvoker>(Invoker);
            services.AddElasticsearchSearch(config);
        });
    }

    public ScriptedInvoker Invoker { get; }

    public SearchStore Store { get; }

    public ElasticsearchIndex Index => Store.Services.GetRequiredService<ElasticsearchIndex>();

    public IReadinessCheck Readiness => Store.Services.GetServices<IReadinessCheck>().Single(c => c.Name == "index");

    /// <summary>A cluster that takes everything: bulk items created, other requests acknowledged.</summary>
    public static Answer Accept(SentRequest request) =>
        request.Path.EndsWith("/_bulk", StringComparison.Ordinal) ? BulkAnswer(request, _ => 201) : Answer.Ok("""{"acknowledged":true}""");

    /// <summary>A bulk response with one item per index action of the request, its status chosen per document id.</summary>
    public static Answer BulkAnswer(SentRequest request, Func<string, int> statusOf)
    {
        var items = new JsonArray();
        var errors = false;
        var lines = request.Lines;
        for (var i = 0; i < lines.Count; i += 2)
        {
            var action = JsonNode.Parse(lines[i])!["index"]!;
            var id = action["_id"]!.GetValue<string>();
            var status = statusOf(id);
            var item = new JsonObject { ["_index"] = action["_index"]!.GetValue<string>(), ["_id"] = id, ["status"] = status };
            if (status is >= 200 and < 300)
            {
                item["result"] = "created";
                item["_version"] = action["version"]!.GetValue<long>();
            }
            else
            {
                errors = true;
                item["error"] = new JsonObject
                {
                    ["type"] = status switch { 409 => "version_conflict_engine_exception", 429 => "es_rejected_execution_exception", 400 => "document_parsing_exception", _ => "unavailable_shards_exception" },
                    ["reason"] = $"scripted {status} for {id}",
                };
            }

            items.Add(new JsonObject { ["index"] = item });
        }

        return Answer.Ok(new JsonObject { ["took"] = 3, ["errors"] = errors, ["items"] = items }.ToJsonString());
    }

    /// <summary>An error answer as Elasticsearch writes it.</summary>
    public static Answer Error(int status, string type, string reason) =>
        new(status, JsonSerializer.Serialize(new { error = new { type, reason, root_cause = new[] { new { type, reason } } }, status }));

    /// <summary>The source documents of every bulk sent, by post id (the last one sent wins).</summary>
    public IReadOnlyDictionary<string, JsonNode> IndexedDocuments()
    {
        var docs = new Dictionary<string, JsonNode>();
        foreach (var bulk in Invoker.Bulks)
        {
            var lines = bulk.Lines;
            for (var i = 0; i < lines.Count; i += 2)
            {
                docs[JsonNode.Parse(lines[i])!["index"]!["_id"]!.GetValue<string>()] = JsonNode.Parse(lines[i + 1])!;
            }
        }

        return docs;
    }

    public void Dispose()
    {
        Store.Dispose();
        _db.Dispose();
    }
}
