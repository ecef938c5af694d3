using System.Text.Json;
using System.Text.Json.Serialization;

namespace SentimentWatch.Crawler.Collection;

/// <summary>
/// The durable per-source cursor, stored as JSON. For every start URL it remembers whether that list has ever
/// yielded items (so a list that suddenly yields none is a failure, not "nothing new") and the pages at which
/// unfinished walks must resume: a page that failed, the page after the last one walked when the page budget ran out,
/// or the next page of a walk a crash cut short. The cursor never moves past a page that failed.
/// </summary>
internal sealed class SourceCursor
{
    [JsonPropertyName("lists")]
    public Dictionary<string, ListState> Lists { get; set; } = new(StringComparer.Ordinal);

    public ListState For(Uri startUrl)
    {
        if (!Lists.TryGetValue(startUrl.AbsoluteUri, out var state))
        {
            state = new ListState();
            Lists[startUrl.AbsoluteUri] = state;
        }

        return state;
    }

    public string Serialize() => JsonSerializer.Serialize(this);

    public static SourceCursor Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new SourceCursor();
        }

        try
        {
            return JsonSerializer.Deserialize<SourceCursor>(json) ?? new SourceCursor();
        }
        catch (JsonException)
        {
            // A cursor from an older format: start over from page 1 (duplicates are absorbed by the store).
            return new SourceCursor();
        }
    }

    internal sealed class ListState
    {
        /// <summary>The list has yielded at least one item on some earlier run.</summary>
        [JsonPropertyName("yielded")]
        public bool HasYielded { get; set; }

        /// <summary>
        /// Pages to continue from after catching up with page 1: where a failed page, a spent page budget or a crash
        /// left a walk. Newest first.
        /// </summary>
        [JsonPropertyName("pending")]
        public List<string> Pending { get; set; } = [];

        [JsonPropertyName("lastRunAt")]
        public DateTimeOffset? LastRunAt { get; set; }
    }
}
