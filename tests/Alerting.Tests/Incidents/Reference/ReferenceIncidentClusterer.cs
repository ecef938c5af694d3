using System.Globalization;
using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Incidents.Reference;

/// <summary>
/// The incident clusterer as it was before clustering became incremental (commit 227ba65), kept verbatim as the
/// reference the incremental <see cref="IncidentClusterer"/> is compared with: it compares each post with every
/// active centroid and recomputes each centroid's norm on every comparison.
/// </summary>
internal sealed class ReferenceIncidentClusterer(IncidentOptions options)
{
    private readonly Dictionary<long, Cluster> _clusters = [];
    private readonly Dictionary<string, long> _byPlatformId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byContact = new(StringComparer.Ordinal);
    private readonly Dictionary<(int Band, ulong Key), List<long>> _lsh = [];
    private readonly Dictionary<long, (ulong[] Sig, long Incident)> _minhash = [];
    private readonly Dictionary<(int Block, ulong Value), List<(long Post, long Incident, ulong Hash)>> _simhash = [];
    private readonly Dictionary<long, long> _postIncident = [];

    public int IncidentCount => _clusters.Count;

    /// <summary>Kinds of contact that identify one actor (a URL to a big site does not).</summary>
    private static readonly HashSet<string> ActorContactKinds = new(StringComparer.Ordinal) { "qq", "qq_group", "wechat", "mobile", "telegram", "email" };

    public long? IncidentOf(long postId) => _postIncident.TryGetValue(postId, out var id) ? id : null;

    public ClusterMatch Match(IncidentPost post)
    {
        ArgumentNullException.ThrowIfNull(post);
        if (_postIncident.TryGetValue(post.PostId, out var known))
        {
            return new ClusterMatch(known, "already_indexed", null);
        }

        var since = post.At - options.Window;
        bool Active(long id) => _clusters.TryGetValue(id, out var c) && c.LastAt >= since;

        if (post.ParentPlatformPostId is { } parent && _byPlatformId.TryGetValue(Pk(post.Platform, parent), out var viaParent) && Active(viaParent))
        {
            return new ClusterMatch(viaParent, "reply_chain " + parent, null);
        }

        if (post.ThreadId is { } thread && thread != post.PlatformPostId && _byPlatformId.TryGetValue(Pk(post.Platform, thread), out var viaThread) && Active(viaThread))
        {
            return new ClusterMatch(viaThread, "reply_chain thread " + thread, null);
        }

        foreach (var contact in post.Contacts)
        {
            if (IsActorContact(contact) && _byContact.TryGetValue(contact, out var viaContact) && Active(viaContact))
            {
                return new ClusterMatch(viaContact, "shared_contact " + contact, null);
            }
        }

        var normalized = TextFingerprint.Normalize(post.Text);
        if (normalized.Length >= options.LongTextChars)
        {
            var hash = TextFingerprint.SimHash(normalized);
            for (var b = 0; b < 4; b++)
            {
                // Pigeonhole: two hashes within distance ≤ 3 agree exactly on at least one of four 16-bit blocks.
                if (_simhash.TryGetValue((b, TextFingerprint.Block(hash, b)), out var candidates))
                {
                    foreach (var (p, inc, h) in candidates)
                    {
                        if (TextFingerprint.Hamming(h, hash) <= options.SimHashMaxDistance && Active(inc))
                        {
                            return new ClusterMatch(inc, string.Create(CultureInfo.InvariantCulture, $"near_duplicate simhash d={TextFingerprint.Hamming(h, hash)}"), p);
                        }
                    }
                }
            }
        }
        else if (normalized.Length > 0)
        {
            var sig = TextFingerprint.MinHash(TextFingerprint.Shingles(normalized, options.ShingleChars), options.MinHashPermutations);
            (long Post, long Incident, double J)? best = null;
            var seen = new HashSet<long>();
            foreach (var band in TextFingerprint.Bands(sig, options.LshBands))
            {
                if (!_lsh.TryGetValue(band, out var posts))
                {
                    continue;
                }

                // Only the most recent candidates per bucket: in a storm one bucket holds thousands of copies.
                for (var i = posts.Count - 1; i >= Math.Max(0, posts.Count - 64); i--)
                {
                    var p = posts[i];
                    if (!seen.Add(p))
                    {
                        continue;
                    }

                    var (otherSig, inc) = _minhash[p];
                    var j = TextFingerprint.EstimateJaccard(sig, otherSig);
                    if (j >= options.MinHashThreshold && Active(inc) && (best is null || j > best.Value.J))
                    {
                        best = (p, inc, j);
                    }
                }
            }

            if (best is { } hit)
            {
                return new ClusterMatch(hit.Incident, string.Create(CultureInfo.InvariantCulture, $"near_duplicate minhash j={hit.J:0.00}"), hit.Post);
            }
        }

        var vector = Normalized(TextFingerprint.Bigrams(normalized));
        (long Id, double Sim)? topic = null;
        foreach (var c in _clusters.Values)
        {
            if (c.LastAt < since)
            {
                continue;
            }

            var sim = TextFingerprint.Cosine(vector, c.Centroid);
            if (sim >= options.TopicThreshold && (topic is null || sim > topic.Value.Sim))
            {
                topic = (c.Id, sim);
            }
        }

        return topic is { } t
            ? new ClusterMatch(t.Id, string.Create(CultureInfo.InvariantCulture, $"topic cos={t.Sim:0.00}"), null)
            : new ClusterMatch(null, "first", null);
    }

    /// <summary>Indexes <paramref name="post"/> as a member of incident <paramref name="incidentId"/>.</summary>
    public void Add(long incidentId, IncidentPost post)
    {
        ArgumentNullException.ThrowIfNull(post);
        if (!_postIncident.TryAdd(post.PostId, incidentId))
        {
            return;
        }

        if (!_clusters.TryGetValue(incidentId, out var cluster))
        {
            cluster = new Cluster(incidentId);
            _clusters[incidentId] = cluster;
        }

        if (post.At > cluster.LastAt)
        {
            cluster.LastAt = post.At;
        }

        if (post.PlatformPostId is { } pid)
        {
            _byPlatformId.TryAdd(Pk(post.Platform, pid), incidentId);
        }

        foreach (var contact in post.Contacts.Where(IsActorContact))
        {
            _byContact.TryAdd(contact, incidentId);
        }

        var normalized = TextFingerprint.Normalize(post.Text);
        if (normalized.Length >= options.LongTextChars)
        {
            var hash = TextFingerprint.SimHash(normalized);
            for (var b = 0; b < 4; b++)
            {
                var key = (b, TextFingerprint.Block(hash, b));
                if (!_simhash.TryGetValue(key, out var list))
                {
                    _simhash[key] = list = [];
                }

                list.Add((post.PostId, incidentId, hash));
            }
        }
        else if (normalized.Length > 0)
        {
            var sig = TextFingerprint.MinHash(TextFingerprint.Shingles(normalized, options.ShingleChars), options.MinHashPermutations);
            _minhash[post.PostId] = (sig, incidentId);
            foreach (var band in TextFingerprint.Bands(sig, options.LshBands))
            {
                if (!_lsh.TryGetValue(band, out var list))
                {
                    _lsh[band] = list = [];
                }

                list.Add(post.PostId);
            }
        }

        // Near-duplicates add nothing new to the topic; skipping them keeps a storm from costing a centroid update each.
        if (post.DuplicateOfPostId is null)
        {
            foreach (var (k, v) in Normalized(TextFingerprint.Bigrams(normalized)))
            {
                cluster.Centroid[k] = cluster.Centroid.GetValueOrDefault(k) + v;
            }
        }
    }

    private static bool IsActorContact(string contact)
    {
        var colon = contact.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && ActorContactKinds.Contains(contact[..colon]);
    }

    private static string Pk(string platform, string id) => platform + "|" + id;

    private static Dictionary<string, double> Normalized(Dictionary<string, double> v)
    {
        var norm = Math.Sqrt(v.Values.Sum(x => x * x));
        if (norm == 0)
        {
            return v;
        }

        foreach (var k in v.Keys.ToList())
        {
            v[k] /= norm;
        }

        return v;
    }

    private sealed class Cluster(long id)
    {
        public long Id { get; } = id;

        public DateTimeOffset LastAt { get; set; } = DateTimeOffset.MinValue;

        public Dictionary<string, double> Centroid { get; } = new(StringComparer.Ordinal);
    }
}
