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
        // Session expiries, drift and dark sources the run raised: what the duty desk was told about collection itself.
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT source_id, kind, message FROM collector_health_events ORDER BY id LIMIT 12";
            await using var r = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var first = true;
            while (await r.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (first)
                {
                    await output.WriteLineAsync("\nCollector-health events:").ConfigureAwait(false);
                    first = false;
                }

                await output.WriteLineAsync($"  {r.GetString(0)}  {r.GetString(1)}: {r.GetString(2)}").ConfigureAwait(false);
            }
        }

        await output.WriteLineAsync($"\nThe data: {dbPath} (SQLite; tables posts, post_versions, engagement_snapshots, exchanges, source_runs, collector_health_events).").ConfigureAwait(false);
        await output.WriteLineAsync($"Look further with: ./sw --config {configDir} incidents list   |   ./sw --config {configDir} alerts list   |   ./sw --config {configDir} evidence list").ConfigureAwait(false);
    }

    /// <summary>The alert e-mails the demo's local mailbox received, by subject.</summary>
    public static async Task PrintMailboxAsync(string mailDir, TextWriter output, CancellationToken cancellationToken)
    {
        var files = Directory.Exists(mailDir) ? Directory.GetFiles(mailDir, "*.eml").Order(StringComparer.Ordinal).ToList() : [];
        await output.WriteLineAsync($"\nAlert e-mails in the local mailbox ({files.Count}): {mailDir}").ConfigureAwait(false);
        foreach (var file in files.Take(20))
        {
            var message = await MimeKit.MimeMessage.LoadAsync(file, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"  {Path.GetFileName(file)}  to {message.To}  {message.Subject}").ConfigureAwait(false);
        }

        if (files.Count > 0)
        {
            await output.WriteLineAsync($"Read one with: cat {files[0]}   (or open the .eml in any mail client)").ConfigureAwait(false);
        }
    }
}
