using System.Text.Json.Serialization;

namespace SentimentWatch.Search.Elasticsearch.Indexing;

/// <summary>
/// One post as Elasticsearch holds it (<c>_id</c> = the post id). The word fields carry the project's jieba tokens
/// joined by spaces (search mode, plus the normalised spelling), analysed by whitespace and lower-casing only, so the
/// cluster needs no Chinese analysis plugin; the filter fields are keywords (level and incident are numbers for the
/// range filter); times are dates.
/// </summary>
internal sealed class PostDocument
{
    [JsonPropertyName("post_id")]
    public long PostId { get; set; }

    [JsonPropertyName("title_words")]
    public string TitleWords { get; set; } = string.Empty;

    [JsonPropertyName("body_words")]
    public string BodyWords { get; set; } = string.Empty;

    [JsonPropertyName("history_words")]
    public string HistoryWords { get; set; } = string.Empty;

    [JsonPropertyName("source_id")]
    public string SourceId { get; set; } = string.Empty;

    [JsonPropertyName("platform")]
    public string Platform { get; set; } = string.Empty;

    [JsonPropertyName("author_id")]
    public string? AuthorId { get; set; }

    [JsonPropertyName("author_name")]
    public string? AuthorName { get; set; }

    [JsonPropertyName("label")]
    public string? Label { get; set; }

    [JsonPropertyName("confidence")]
    public double? Confidence { get; set; }

    [JsonPropertyName("contacts")]
    public List<string> Contacts { get; set; } = [];

    /// <summary>Contacts as written, for highlighting in snippets (not indexed).</summary>
    [JsonPropertyName("contacts_raw")]
    public List<string> ContactsRaw { get; set; } = [];

    [JsonPropertyName("incident_id")]
    public long? IncidentId { get; set; }

    [JsonPropertyName("level")]
    public int Level { get; set; }

    [JsonPropertyName("at")]
    public DateTimeOffset At { get; set; }

    [JsonPropertyName("first_seen")]
    public DateTimeOffset FirstSeen { get; set; }

    [JsonPropertyName("deleted_at")]
    public DateTimeOffset? DeletedAt { get; set; }

    [JsonPropertyName("version")]
    public int Version { get; set; }
}
