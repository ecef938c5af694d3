using System.Globalization;
using Microsoft.Data.Sqlite;

namespace SentimentWatch.Host.Cli;

/// <summary>What the demo collected, read straight from its SQLite store.</summary>
internal static class DemoSummary
{
    public static async Task PrintAsync(string dbPath, string configDir, TextWriter output, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await output.WriteLineAsync("\nCollected, per source:").ConfigureAwait(false);
        var rows = new List<string[]>();
        await using (var command = connection.CreateCommand())
        {
            command.CommandText =
                "SELECT p.source_id, COUNT(*), SUM(p.parent_platform_post_id IS NOT NULL), SUM(p.deleted_at IS NOT NULL), SUM(p.version > 1), " +
                " (SELECT COUNT(*) FROM source_runs r WHERE r.source_id = p.source_id), (SELECT COUNT(*) FROM source_runs r WHERE r.source_id = p.source_id AND r.status <> 'Ok'), " +
                " (SELECT COUNT(*) FROM engagement_snapshots e JOIN posts q ON q.id = e.post_id WHERE q.source_id = p.source_id) " +
                "FROM posts p GROUP BY p.source_id ORDER BY p.source_id";
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add([r.GetString(0), .. Enumerable.Range(1, 7).Select(i => r.GetInt64(i).ToString(CultureInfo.InvariantCulture))]);
            }
        }

        await output.WriteLineAsync(Commands.SourcesCommands.Table(["source", "posts", "replies", "deleted", "edited", "runs", "bad runs", "engagement snapshots"], rows)).ConfigureAwait(false);
        await output.WriteLineAsync($"\nThe data: {dbPath} (SQLite; tables posts, post_versions, engagement_snapshots, exchanges, source_runs, collector_health_events).").ConfigureAwait(false);
        await output.WriteLineAsync($"Look further with: ./sw --config {configDir} crawl --source drill-tieba --once   (drill sites stop with the demo)").ConfigureAwait(false);
    }
}
