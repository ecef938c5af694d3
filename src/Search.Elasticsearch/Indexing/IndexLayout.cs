using System.Globalization;
using Elastic.Clients.Elasticsearch;
using Elastic.Clients.Elasticsearch.Analysis;
using Elastic.Clients.Elasticsearch.IndexManagement;
using Elastic.Clients.Elasticsearch.Mapping;

namespace SentimentWatch.Search.Elasticsearch.Indexing;

/// <summary>
/// Names and shape of the indices: one index per month of the post's first-seen time (<c>PREFIX-posts-2026.09</c>;
/// first seen never changes, so an edit lands in the same index as the original), created on first write from the
/// index template <c>PREFIX-posts</c>, which gives every such index the mapping below and the alias
/// <c>PREFIX-posts</c> that searches read. A month can be closed, snapshotted or dropped on its own.
/// </summary>
internal sealed class IndexLayout(string prefix, int shards, int replicas)
{
    /// <summary>The analyzer of the word fields: split on whitespace (the words are pre-segmented), fold case.</summary>
    public const string WordsAnalyzer = "sw_words";

    public string Alias { get; } = prefix + "-posts";

    public string TemplateName => Alias;

    public string Pattern => Alias + "-*";

    public string IndexFor(DateTimeOffset firstSeenUtc) =>
        Alias + "-" + firstSeenUtc.UtcDateTime.ToString("yyyy.MM", CultureInfo.InvariantCulture);

    public PutIndexTemplateRequest TemplateRequest() => new(TemplateName)
    {
        IndexPatterns = new[] { Pattern },
        Priority = 500,
        Meta = new Dictionary<string, object> { ["created_by"] = "SentimentWatch", ["layout"] = "monthly posts" },
        Template = new IndexTemplateMapping
        {
            Aliases = new Dictionary<IndexName, Alias> { [Alias] = new Alias() },
            Settings = new IndexSettings
            {
                NumberOfShards = shards,
                NumberOfReplicas = replicas,
                Analysis = new IndexSettingsAnalysis
                {
                    Analyzers = new Analyzers
                    {
                        [WordsAnalyzer] = new CustomAnalyzer { Tokenizer = "whitespace", Filter = ["lowercase"] },
                    },
                },
            },
            Mappings = new TypeMapping
            {
                Dynamic = DynamicMapping.Strict,
                Properties = new Properties
                {
                    ["post_id"] = new LongNumberProperty(),
                    ["title_words"] = new TextProperty { Analyzer = WordsAnalyzer },
                    ["body_words"] = new TextProperty { Analyzer = WordsAnalyzer },
                    ["history_words"] = new TextProperty { Analyzer = WordsAnalyzer },
                    ["source_id"] = new KeywordProperty(),
                    ["platform"] = new KeywordProperty(),
                    ["author_id"] = new KeywordProperty(),
                    ["author_name"] = new KeywordProperty(),
                    ["label"] = new KeywordProperty(),
                    ["confidence"] = new DoubleNumberProperty { Index = false },
                    ["contacts"] = new KeywordProperty(),
                    ["contacts_raw"] = new KeywordProperty { Index = false, DocValues = false },
                    ["incident_id"] = new LongNumberProperty(),
                    ["level"] = new ByteNumberProperty(),
                    ["at"] = new DateProperty(),
                    ["first_seen"] = new DateProperty(),
                    ["deleted_at"] = new DateProperty(),
                    ["version"] = new IntegerNumberProperty { Index = false },
                },
            },
        },
    };
}
