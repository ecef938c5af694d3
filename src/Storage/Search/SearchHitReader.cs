using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Search;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Search;

/// <summary>
/// Completes one hit from the store as it is now: source, URL, title, author, times, deletion, version, the incident
/// (a merged one as the incident that absorbed it) and its level, and the snippet from the post's own text (earlier
/// versions too). Label and contacts come with the reference: each index provider keeps its own.
/// </summary>
internal static class SearchHitReader
{
    public static async Task<PostSearchHit?> ReadAsync(SqliteConnection connection, SearchHitRef hit, IReadOnlyList<string> words, int snippetChars, CancellationToken cancellationToken)
    {
        await using var command = connection.Command(
            "SELECT p.source_id, p.platform, p.url, p.title, p.text, COALESCE(p.author_name, p.author_id), p.published_at, p.deleted_at, p.version, " +
            "COALESCE(i.merged_into, i.id), COALESCE(m.level, i.level) " +
            "FROM posts p LEFT JOIN incident_posts ip ON ip.post_id = p.id " +
            "LEFT JOIN incidents i ON i.id = ip.incident_id LEFT JOIN incidents m ON m.id = i.merged_into WHERE p.id = $id")
            .With("$id", hit.PostId);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var title = r.StringOrNull(3);
        var text = r.GetString(4);
        var version = r.GetInt32(8);
        var terms = words.Concat(hit.RawContacts).ToList();
        var history = version > 1 ? await HistoryAsync(connection, hit.PostId, version, cancellationToken).ConfigureAwait(false) : [];
        var snippet = SearchSnippet.Build(new[] { text, title }.Concat(history), terms, snippetChars);
        return new PostSearchHit(
            hit.PostId, r.GetString(0), r.GetString(1), new Uri(r.GetString(2)), title, snippet, r.StringOrNull(5), r.TimeOrNull(6),
            hit.Label, hit.Confidence, r.LongOrNull(9), r.IsDBNull(10) ? IncidentLevel.None : (IncidentLevel)r.GetInt32(10),
            hit.Contacts, hit.Score)
        {
            DeletedAtUtc = r.TimeOrNull(7),
            Version = version,
        };
    }

    private static async Task<IReadOnlyList<string>> HistoryAsync(SqliteConnection connection, long postId, int version, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("SELECT text FROM post_versions WHERE post_id = $id AND version < $v ORDER BY version DESC")
            .With("$id", postId).With("$v", version);
        await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<string>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(r.GetString(0));
        }

        return list;
    }
}
