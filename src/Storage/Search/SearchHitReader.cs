using System.Data.Common;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Search;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Search;

/// <summary>
/// Completes one hit from the store as it is now: source, URL, title, author, times, deletion, version, the incident
/// (a merged one as the incident that absorbed it) and its level, and the snippet from the post's own text (earlier
/// versions too). Label and contacts come with the reference: each index provider keeps its own. On either engine:
/// <paramref name="command"/> makes a command on one open connection, and one reader is open at a time.
/// </summary>
internal static class SearchHitReader
{
    public static async Task<PostSearchHit?> ReadAsync(Func<string, DbCommand> command, StoreDialect dialect, SearchHitRef hit, IReadOnlyList<string> words, int snippetChars, CancellationToken cancellationToken)
    {
        PostSearchHit found;
        string? title;
        string text;
        await using (var r = await command(
                "SELECT p.source_id, p.platform, p.url, p.title, p.text, COALESCE(p.author_name, p.author_id), p.published_at, p.deleted_at, p.version, " +
                "COALESCE(i.merged_into, i.id), COALESCE(m.level, i.level) " +
                "FROM posts p LEFT JOIN incident_posts ip ON ip.post_id = p.id " +
                "LEFT JOIN incidents i ON i.id = ip.incident_id LEFT JOIN incidents m ON m.id = i.merged_into WHERE p.id = @id")
            .With("@id", hit.PostId).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                return null;
            }

            title = r.StringOrNull(3);
            text = r.GetString(4);
            found = new PostSearchHit(
                hit.PostId, r.GetString(0), r.GetString(1), new Uri(r.GetString(2)), title, "", r.StringOrNull(5), dialect.ReadTimeOrNull(r, 6),
                hit.Label, hit.Confidence, r.LongOrNull(9), r.IsDBNull(10) ? IncidentLevel.None : (IncidentLevel)r.GetInt32(10),
                hit.Contacts, hit.Score)
            {
                DeletedAtUtc = dialect.ReadTimeOrNull(r, 7),
                Version = r.GetInt32(8),
            };
        }

        var terms = words.Concat(hit.RawContacts).ToList();
        var history = found.Version > 1 ? await HistoryAsync(command, hit.PostId, found.Version, cancellationToken).ConfigureAwait(false) : [];
        return found with { Snippet = SearchSnippet.Build(new[] { text, title }.Concat(history), terms, snippetChars) };
    }

    private static async Task<IReadOnlyList<string>> HistoryAsync(Func<string, DbCommand> command, long postId, int version, CancellationToken cancellationToken)
    {
        await using var r = await command("SELECT text FROM post_versions WHERE post_id = @id AND version < @v ORDER BY version DESC")
            .With("@id", postId).With("@v", version).ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<string>();
        while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(r.GetString(0));
        }

        return list;
    }
}
