using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Classifier;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Search;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Search;

namespace SentimentWatch.Benchmarks.DutyConsole;

/// <summary>
/// Fills a store for the benchmarks with plain SQL in big transactions (setup, not the product's write path): N posts
/// with one version, one change row and one classification each (texts from the training corpus and the demo scenario,
/// a third of them two texts spliced, 8 % with one of 2,000 QQ numbers, 5 platforms, 10 sources, 20,000 authors, 30 days);
/// M incidents of two posts (levels Ⅰ–Ⅳ, each with one alert: the newest <c>OpenAlerts</c> open, the others
/// acknowledged); the classifier's and alerting's checkpoints at the end, so a worker started on the store idles.
/// </summary>
internal static class StoreSeeder
{
    public static readonly string[] Platforms = ["tieba", "weibo", "discuz", "news", "rss"];

    public static readonly DateTimeOffset Start = new(2026, 8, 21, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Incidents in a seeded store (each with one alert).</summary>
    public const int Incidents = 20_000;

    /// <summary>Alerts left open (the newest); the others are acknowledged.</summary>
    public const int OpenAlerts = 500;

    /// <summary>
    /// The store at <paramref name="dbPath"/> with storage, classifier and search services. With <paramref name="seedPosts"/>
    /// the file is recreated, seeded and indexed by the real indexer (<c>IPostSearchIndex.CatchUpAsync</c>), printing the
    /// time of each step; without, it is used as it is.
    /// </summary>
    public static async Task<ServiceProvider> OpenAsync(string dbPath, int? seedPosts, CancellationToken ct)
    {
        var ci = CultureInfo.InvariantCulture;
        if (seedPosts is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(dbPath)!);
            foreach (var f in new[] { dbPath, dbPath + "-wal", dbPath + "-shm" })
            {
                File.Delete(f);
            }
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Paths:Models"] = Path.GetFullPath("models"),
            ["Paths:Data"] = Path.GetDirectoryName(dbPath),
            ["Storage:Database"] = dbPath,
            ["Search:Indexer:BatchSize"] = "2000",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(config);
        services.AddOptions<PathsOptions>().BindConfiguration(PathsOptions.Section);
        services.AddStorage(config).AddClassifier(config).AddSearch(config);
        var provider = services.BuildServiceProvider();
        if (seedPosts is not { } total)
        {
            return provider;
        }

        var texts = LoadTexts(Directory.GetCurrentDirectory());
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var gen = Stopwatch.StartNew();
        var incidents = await SeedAsync(provider.GetRequiredService<SqliteDatabase>(), total, Incidents, OpenAlerts, texts, new Random(20260920), ct).ConfigureAwait(false);
        System.Console.WriteLine(string.Create(ci,
            $"seeded {total:N0} posts (+ versions, changes, classifications), {incidents:N0} incidents with their alerts in {gen.Elapsed.TotalSeconds:0.0} s wall, " +
            $"{(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:0.0} s CPU ({texts.Count:N0} corpus + demo texts)"));

        var tokenizer = provider.GetRequiredService<Core.Segmentation.ISearchTokenizer>();
        tokenizer.TokenizeForIndex("预热分词器 答.案", []);
        var before = Process.GetCurrentProcess().WorkingSet64;
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var indexing = Stopwatch.StartNew();
        var report = await provider.GetRequiredService<IPostSearchIndex>().CatchUpAsync(ct).ConfigureAwait(false);
        indexing.Stop();
        var cpuUsed = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        System.Console.WriteLine(string.Create(ci,
            $"indexed {report.PostsIndexed:N0} posts + {report.ClassificationsApplied:N0} classifications in {indexing.Elapsed.TotalSeconds:0.0} s wall, {cpuUsed.TotalSeconds:0.0} s CPU: " +
            $"{report.PostsIndexed / indexing.Elapsed.TotalSeconds:N0} posts/s wall, {report.PostsIndexed / cpuUsed.TotalSeconds:N0} posts per CPU-second; " +
            $"working set {before / 1048576} → {Process.GetCurrentProcess().PeakWorkingSet64 / 1048576} MB peak"));
        return provider;
    }

    /// <summary>The labelled texts: <c>models/training/train.jsonl</c> and the demo scenario's posts.</summary>
    public static List<(string Text, string Label)> LoadTexts(string repo)
    {
        var list = new List<(string, string)>();
        foreach (var file in new[] { Path.Combine(repo, "models", "training", "train.jsonl"), Path.Combine(repo, "scenarios", "demo.jsonl") })
        {
            foreach (var line in File.ReadLines(file).Where(l => l.StartsWith('{')))
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("text", out var text) && text.GetString() is { Length: > 0 } t)
                {
                    list.Add((t, doc.RootElement.TryGetProperty("label", out var l) ? l.GetString() ?? "normal" : "normal"));
                }
            }
        }

        return list;
    }

    /// <returns>The number of incidents made.</returns>
    public static async Task<int> SeedAsync(SqliteDatabase database, int total, int incidents, int openAlerts, List<(string Text, string Label)> texts, Random rng, CancellationToken ct)
    {
        var ci = CultureInfo.InvariantCulture;
        await using var connection = await database.OpenAsync(ct).ConfigureAwait(false);
        const int Chunk = 20_000;
        var meta = new (string Text, string Label, string Platform, string Source, DateTimeOffset At, string Author)[total + 1];
        for (var from = 0; from < total; from += Chunk)
        {
            await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
            var post = Prepare(connection, tx,
                "INSERT INTO posts (id, source_id, platform, platform_post_id, url, author_id, author_name, title, text, published_at, first_seen_at, last_seen_at, content_hash, version) " +
                "VALUES ($id, $src, $pf, $pid, $url, $aid, $an, $title, $text, $at, $at, $at, $hash, 1)",
                "$id", "$src", "$pf", "$pid", "$url", "$aid", "$an", "$title", "$text", "$at", "$hash");
            var version = Prepare(connection, tx,
                "INSERT INTO post_versions (post_id, version, title, text, content_hash, seen_at) VALUES ($id, 1, $title, $text, $hash, $at); " +
                "INSERT INTO post_changes (post_id, version, at) VALUES ($id, 1, $at)", "$id", "$title", "$text", "$hash", "$at");
            var cls = Prepare(connection, tx,
                "INSERT INTO classifications (post_id, post_version, at_utc, label, confidence, scores_json, contacts_json, reasons_json, model_version) " +
                "VALUES ($id, 1, $at, $label, 0.9, '{}', $contacts, '[]', 'bench')", "$id", "$at", "$label", "$contacts");
            for (var i = from; i < Math.Min(total, from + Chunk); i++)
            {
                var id = i + 1L;
                var a = texts[rng.Next(texts.Count)];
                var text = rng.Next(3) == 0 ? a.Text + " " + texts[rng.Next(texts.Count)].Text : a.Text;
                var hasContact = rng.Next(100) < 8;
                var qq = (10_000_000 + rng.Next(2000)).ToString(ci);
                if (hasContact)
                {
                    text += " 扣扣 " + qq;
                }

                text += " #" + id.ToString(ci);
                var platform = Platforms[rng.Next(Platforms.Length)];
                var when = Start.AddSeconds(rng.Next(30 * 86400));
                var at = Time(when);
                var author = rng.Next(20_000).ToString(ci);
                var source = $"{platform}-{rng.Next(2)}";
                meta[id] = (text, a.Label, platform, source, when, author);
                Set(post, id, source, platform, id.ToString(ci), $"https://{platform}.example.cn/p/{id}", "u" + author, "用户" + author,
                    rng.Next(4) == 0 ? a.Text[..Math.Min(12, a.Text.Length)] : null, text, at, id.ToString("x16", ci));
                await post.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                Set(version, id, post.Parameters["$title"].Value, text, id.ToString("x16", ci), at);
                await version.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                var contacts = hasContact ? $"[{{\"kind\":\"qq\",\"value\":\"{qq}\",\"raw\":\"扣扣 {qq}\",\"start\":0,\"end\":0}}]" : "[]";
                Set(cls, id, at, a.Label, contacts);
                await cls.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            await tx.CommitAsync(ct).ConfigureAwait(false);
        }

        return await SeedIncidentsAsync(connection, meta, total, incidents, openAlerts, rng, ct).ConfigureAwait(false);
    }

    /// <summary>Incidents of two posts in the order they were first seen (ids and alerts grow with time, as in a real store), one alert each.</summary>
    private static async Task<int> SeedIncidentsAsync(SqliteConnection connection, (string Text, string Label, string Platform, string Source, DateTimeOffset At, string Author)[] meta,
        int total, int count, int openAlerts, Random rng, CancellationToken ct)
    {
        var ci = CultureInfo.InvariantCulture;
        // Two distinct posts per incident, no post in two incidents: draw until there are enough.
        var used = new HashSet<long>();
        var drawn = new List<(long First, long Second, IncidentLevel Level)>();
        while (drawn.Count < Math.Min(count, total / 2))
        {
            var (a, b) = (rng.NextInt64(1, total + 1), rng.NextInt64(1, total + 1));
            if (a != b && used.Add(a) && used.Add(b))
            {
                drawn.Add((a, b, (IncidentLevel)(1 + rng.Next(4))));
            }
        }

        var picks = drawn.OrderBy(p => meta[p.First].At).ToList();
        await using var tx = (SqliteTransaction)await connection.BeginTransactionAsync(ct).ConfigureAwait(false);
        var incident = Prepare(connection, tx,
            "INSERT INTO incidents (id, key, title, level, reasons, first_seen_at, last_seen_at, first_post_id, first_url, post_count, platforms, labels, sites, trend, burst, state) " +
            "VALUES ($id, $key, $title, $level, $reasons, $first, $last, $post, $url, $count, $platforms, $labels, $sites, 'flat', 0, 'open')",
            "$id", "$key", "$title", "$level", "$reasons", "$first", "$last", "$post", "$url", "$count", "$platforms", "$labels", "$sites");
        var member = Prepare(connection, tx, "INSERT INTO incident_posts (post_id, incident_id, at, data) VALUES ($post, $id, $at, $data)", "$post", "$id", "$at", "$data");
        var alert = Prepare(connection, tx,
            "INSERT INTO alerts (key, kind, incident_id, level, title, summary, reasons, created_at, state, ack_by, ack_at, ack_via) " +
            "VALUES ($key, 'incident', $id, $level, $title, $summary, $reasons, $at, $state, $by, $ackat, $via)",
            "$key", "$id", "$level", "$title", "$summary", "$reasons", "$at", "$state", "$by", "$ackat", "$via");
        var n = 0;
        foreach (var (first, secondPick, level) in picks)
        {
            var members = new[] { first, secondPick };
            n++;
            var f = meta[first];
            var posts = members.Select(p => meta[p]).ToList();
            var label = f.Label == "normal" ? "answer_selling" : f.Label;
            var reasons = JsonSerializer.Serialize(new[] { new LevelReason("content_floor:" + label, level, "内容底线 " + label) });
            var title = f.Text.Length > 40 ? f.Text[..40] : f.Text;
            var last = posts.Max(p => p.At);
            Set(incident, n, "k" + n.ToString(ci), title, (int)level, reasons, Time(f.At), Time(last), first, $"https://{f.Platform}.example.cn/p/{first}",
                members.Length, JsonSerializer.Serialize(posts.Select(p => p.Platform).Distinct()), JsonSerializer.Serialize(posts.Select(p => p.Label).Distinct()),
                JsonSerializer.Serialize(posts.Select(p => p.Platform + ".example.cn").Distinct()));
            await incident.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            foreach (var (p, i) in members.Select((p, i) => (p, i)))
            {
                var m = meta[p];
                var data = new IncidentPost(p, m.Source, m.Platform, p.ToString(ci), null, null, new Uri($"https://{m.Platform}.example.cn/p/{p}"), "u" + m.Author, "用户" + m.Author,
                    10, m.Text, m.At, m.Label, rng.Next(50), [], i == 0 ? "first" : "topic 0.62", null);
                Set(member, p, n, Time(m.At), JsonSerializer.Serialize(data));
                await member.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            var open = n > picks.Count - openAlerts;
            Set(alert, $"incident:{n}:level:{level}", n, (int)level, title, "摘要：" + title, reasons, Time(f.At), open ? "open" : "acknowledged",
                open ? null : "研判员（yanpan）", open ? null : Time(f.At.AddMinutes(7)), open ? null : "console");
            await alert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        // The workers of a `sw run` on this store start at its end: everything here is already classified and graded.
        await using (var checkpoints = connection.CreateCommand())
        {
            checkpoints.Transaction = tx;
            checkpoints.CommandText =
                "INSERT OR REPLACE INTO checkpoints (name, value, updated_utc) VALUES ('classifier', (SELECT MAX(seq) FROM post_changes), $now), " +
                "('alerting', (SELECT MAX(sequence) FROM classifications), $now)";
            checkpoints.Parameters.AddWithValue("$now", Time(DateTimeOffset.UtcNow));
            await checkpoints.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }

        await tx.CommitAsync(ct).ConfigureAwait(false);
        return n;
    }

    /// <summary>UTC times as the store writes them.</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static SqliteCommand Prepare(SqliteConnection connection, SqliteTransaction tx, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var name in names)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        return command;
    }

    private static void Set(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
