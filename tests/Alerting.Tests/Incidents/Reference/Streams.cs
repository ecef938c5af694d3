using System.Text.Json;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Testing;

namespace SentimentWatch.Alerting.Tests.Incidents.Reference;

/// <summary>Post streams the incremental clusterer is compared on with the reference: the demo scenario and a generated one.</summary>
internal static class Streams
{
    /// <summary>The demo scenario's posts in time order (replies carry their parent and thread).</summary>
    public static IReadOnlyList<IncidentPost> Demo()
    {
        var raw = File.ReadLines(Path.Combine(RepoPaths.Root, "scenarios", "demo.jsonl"))
            .Where(l => l.Length > 0 && !l.StartsWith("//", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .ToList();
        var parents = raw.Where(p => p.TryGetProperty("parent", out _)).ToDictionary(p => p.GetProperty("id").GetString()!, p => p.GetProperty("parent").GetString()!);
        string Root(string id) => parents.TryGetValue(id, out var parent) ? Root(parent) : id;
        long next = 0;
        return raw
            .OrderBy(p => p.GetProperty("at").GetInt32())
            .Select(p =>
            {
                var id = p.GetProperty("id").GetString()!;
                var site = p.GetProperty("site").GetString()!;
                var author = p.GetProperty("author").GetProperty("name").GetString();
                var text = (p.TryGetProperty("title", out var title) ? title.GetString() + " " : "") + p.GetProperty("text").GetString();
                return new IncidentPost(
                    ++next, "src-" + site, site, id, Root(id), parents.GetValueOrDefault(id), new Uri($"http://127.0.0.1/{site}/{id}"), author, author,
                    p.GetProperty("author").GetProperty("followers").GetInt64(), text, Posts.T0.AddSeconds(p.GetProperty("at").GetInt32()),
                    p.GetProperty("label").GetString()!, 0, [], "first", null);
            })
            .ToList();
    }

    /// <summary>
    /// A seeded stream over about four days: demo texts, copies with small edits (near-duplicates), sellers sharing a
    /// contact, replies, mixed-up texts (topic matches), times partly out of order, incidents that fall out of the window.
    /// </summary>
    public static IReadOnlyList<IncidentPost> Generated(int seed, int count)
    {
        var rng = new Random(seed);
        var texts = Demo().Select(p => p.Text).Distinct(StringComparer.Ordinal).ToList();
        string[] edits = ["", "！", "。。", " 转", "[doge]", "😂", " #法考#", "（转）"];
        string[] labels = ["answer_selling", "leak_claim", "rumour", "complaint", "score_scam", "cheating_device"];
        string[] platforms = ["weibo", "tieba", "discuz", "news", "rss"];
        var posts = new List<IncidentPost>(count);
        for (var i = 0; i < count; i++)
        {
            var text = rng.Next(10) switch
            {
                < 3 when posts.Count > 0 => posts[rng.Next(Math.Max(0, posts.Count - 200), posts.Count)].Text + edits[rng.Next(edits.Length)],
                < 5 => Mix(rng.Next(texts.Count), rng.Next(texts.Count)),
                _ => texts[rng.Next(texts.Count)],
            };
            string Mix(int a, int b) => texts[a][..(texts[a].Length / 2)] + texts[b][(texts[b].Length / 2)..];
            var minutes = (i * 2) + (rng.Next(10) == 0 ? -rng.Next(60) : rng.Next(2));
            var platform = platforms[rng.Next(platforms.Length)];
            string[] contacts = rng.Next(8) == 0 ? [$"qq:{10000 + rng.Next(40)}"] : rng.Next(12) == 0 ? [$"url:http://x{rng.Next(5)}.example"] : [];
            var parent = rng.Next(6) == 0 && posts.Count > 0 ? posts[rng.Next(Math.Max(0, posts.Count - 50), posts.Count)] : null;
            posts.Add(Posts.Make(
                text, platform: parent?.Platform ?? platform, minutes: minutes, label: labels[rng.Next(labels.Length)], engagement: rng.Next(1000),
                followers: rng.Next(3) == 0 ? rng.Next(100_000) : null, contacts: contacts, id: "g" + i, thread: parent?.ThreadId, parent: parent?.PlatformPostId));
        }

        return posts;
    }
}
