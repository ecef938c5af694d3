using System.Globalization;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Incidents;

/// <summary>Where a post belongs.</summary>
/// <param name="IncidentId">Existing incident, or null for a new one.</param>
/// <param name="Reason">Why (see <see cref="IncidentPost.JoinReason"/>).</param>
/// <param name="DuplicateOfPostId">The earlier near-duplicate post, if any.</param>
public sealed record ClusterMatch(long? IncidentId, string Reason, long? DuplicateOfPostId);

/// <summary>
/// In-memory incident index: reply/repost chains, shared contacts, near-duplicates (MinHash-LSH for short posts,
/// SimHash for long ones) and topic similarity within a window. Matching is separated from adding so the caller can
/// persist first and index after (a crash then replays the post and finds it already stored). Not thread-safe: one
/// pipeline owns it.
/// </summary>
/// <remarks>
/// Incremental: adding a post updates its incident's running state (centroid with its squared norm, an
/// <see cref="IncidentTally"/>) and the indexes; matching looks up candidates instead of walking every incident.
/// Topic candidates come from an inverted index bigram → incidents whose centroid holds it. The query's most common
/// bigrams are skipped while their share of the query's length stays below the topic threshold: an incident that
/// shares only those bigrams cannot reach the threshold (Cauchy–Schwarz), so the search finds the same best incident
/// as comparing with every centroid, without reading the long postings of bigrams like 法考.
/// </remarks>
internal sealed class IncidentClusterer(IncidentOptions options)
{
    /// <summary>The share of the topic threshold that the skipped (most common) bigrams may make up.</summary>
    private const double SkipShare = 0.8;

    private readonly Dictionary<long, Cluster> _clusters = [];
    private readonly Dictionary<string, long> _byPlatformId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _byContact = new(StringComparer.Ordinal);
    // One table per LSH band and per SimHash block, keyed by the band's key or the block's value: a lookup hashes one
    // integer instead of a (band, key) pair, on the in-order path.
    private readonly Dictionary<ulong, List<ShortPost>>[] _lsh = Tables<List<ShortPost>>(options.LshBands);
    private readonly Dictionary<ulong, List<(long Post, long Incident, ulong Hash)>>[] _simhash = Tables<List<(long Post, long Incident, ulong Hash)>>(4);
    private readonly Dictionary<long, long> _postIncident = [];
    private readonly Dictionary<int, Postings> _postings = [];
    private readonly List<(int Term, double Weight, int Postings)> _terms = [];
    private readonly List<Cluster> _candidates = [];
    private int _stamp;
    private DateTimeOffset _newest = DateTimeOffset.MinValue;

    public int IncidentCount => _clusters.Count;

    /// <summary>Kinds of contact that identify one actor (a URL to a big site does not).</summary>
    private static readonly HashSet<string> ActorContactKinds = new(StringComparer.Ordinal) { "qq", "qq_group", "wechat", "mobile", "telegram", "email" };

    public long? IncidentOf(long postId) => _postIncident.TryGetValue(postId, out var id) ? id : null;

    /// <summary>The running totals of an incident in the index, or null.</summary>
    public IncidentTally? TallyOf(long incidentId) => _clusters.TryGetValue(incidentId, out var c) ? c.Tally : null;

    public ClusterMatch Match(IncidentPost post) => Match(post, PostFingerprint.Of(post?.Text, options));

    /// <summary>As <see cref="Match(IncidentPost)"/> with the post's fingerprint computed beforehand.</summary>
    public ClusterMatch Match(IncidentPost post, PostFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(fingerprint);
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

        if (fingerprint.IsLong)
        {
            var hash = fingerprint.SimHash;
            for (var b = 0; b < 4; b++)
            {
                // Pigeonhole: two hashes within distance ≤ 3 agree exactly on at least one of four 16-bit blocks.
                if (_simhash[b].TryGetValue(TextFingerprint.Block(hash, b), out var candidates))
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
        else if (fingerprint.MinHash is { } sig)
        {
            (long Post, long Incident, double J)? best = null;
            var stamp = ++_stamp;
            var bands = fingerprint.Bands;
            for (var band = 0; band < bands.Length; band++)
            {
                if (!_lsh[band].TryGetValue(bands[band], out var posts))
                {
                    continue;
                }

                // Only the most recent candidates per bucket: in a storm one bucket holds thousands of copies.
                for (var i = posts.Count - 1; i >= Math.Max(0, posts.Count - 64); i--)
                {
                    var p = posts[i];
                    if (p.Stamp == stamp)
                    {
                        continue;
                    }

                    p.Stamp = stamp;
                    var j = TextFingerprint.EstimateJaccard(sig, p.Signature);
                    if (j >= options.MinHashThreshold && (best is null || j > best.Value.J) && Active(p.Incident))
                    {
                        best = (p.PostId, p.Incident, j);
                    }
                }
            }

            if (best is { } hit)
            {
                return new ClusterMatch(hit.Incident, string.Create(CultureInfo.InvariantCulture, $"near_duplicate minhash j={hit.J:0.00}"), hit.Post);
            }
        }

        return BestTopic(fingerprint, since) is { } t
            ? new ClusterMatch(t.Id, string.Create(CultureInfo.InvariantCulture, $"topic cos={t.Sim:0.00}"), null)
            : new ClusterMatch(null, "first", null);
    }

    /// <summary>Indexes <paramref name="post"/> as a member of incident <paramref name="incidentId"/>.</summary>
    public void Add(long incidentId, IncidentPost post) => Add(incidentId, post, PostFingerprint.Of(post?.Text, options));

    /// <summary>As <see cref="Add(long, IncidentPost)"/> with the post's fingerprint computed beforehand.</summary>
    public void Add(long incidentId, IncidentPost post, PostFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(post);
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (!_postIncident.TryAdd(post.PostId, incidentId))
        {
            return;
        }

        if (!_clusters.TryGetValue(incidentId, out var cluster))
        {
            cluster = new Cluster(incidentId, _clusters.Count);
            _clusters[incidentId] = cluster;
        }

        cluster.Tally.Add(post);
        if (post.At > _newest)
        {
            _newest = post.At;
        }

        if (post.PlatformPostId is { } pid)
        {
            _byPlatformId.TryAdd(Pk(post.Platform, pid), incidentId);
        }

        foreach (var contact in post.Contacts)
        {
            if (IsActorContact(contact))
            {
                _byContact.TryAdd(contact, incidentId);
            }
        }

        if (fingerprint.IsLong)
        {
            var hash = fingerprint.SimHash;
            for (var b = 0; b < 4; b++)
            {
                Bucket(_simhash[b], TextFingerprint.Block(hash, b)).Add((post.PostId, incidentId, hash));
            }
        }
        else if (fingerprint.MinHash is { } sig)
        {
            var entry = new ShortPost(post.PostId, incidentId, sig);
            var bands = fingerprint.Bands;
            for (var band = 0; band < bands.Length; band++)
            {
                Bucket(_lsh[band], bands[band]).Add(entry);
            }
        }

        // Near-duplicates add nothing new to the topic; skipping them keeps a storm from costing a centroid update each.
        if (post.DuplicateOfPostId is null)
        {
            for (var i = 0; i < fingerprint.Terms.Length; i++)
            {
                var v = fingerprint.Weights[i];
                if (cluster.Centroid.TryGetValue(fingerprint.Terms[i], out var weight))
                {
                    var old = weight.Value;
                    weight.Value = old + v;
                    cluster.SumSquares += ((old + v) * (old + v)) - (old * old);
                }
                else
                {
                    weight = new Weight { Value = v };
                    cluster.Centroid[fingerprint.Terms[i]] = weight;
                    cluster.SumSquares += v * v;
                    if (!_postings.TryGetValue(fingerprint.Terms[i], out var postings))
                    {
                        _postings[fingerprint.Terms[i]] = postings = new Postings { PrunedAt = post.At };
                    }

                    postings.Add((cluster, weight));
                }
            }
        }
    }

    /// <summary>The active incident whose centroid is most similar (cosine ≥ the threshold), earliest created on a tie.</summary>
    private (long Id, double Sim)? BestTopic(PostFingerprint fingerprint, DateTimeOffset since)
    {
        if (fingerprint.Norm == 0)
        {
            return null;
        }

        _terms.Clear();
        for (var i = 0; i < fingerprint.Terms.Length; i++)
        {
            if (_postings.TryGetValue(fingerprint.Terms[i], out var list))
            {
                _terms.Add((fingerprint.Terms[i], fingerprint.Weights[i], list.Count));
            }
        }

        // Skip the most common bigrams while they make up less than a share of the threshold of the query's length: any
        // incident reaching the threshold shares at least one of the rest, and the remainder of the threshold is left for
        // the bound below to drop the incidents that share little besides those bigrams (skipping up to the whole
        // threshold read the fewest postings but then looked up every skipped bigram in most candidates' centroids).
        _terms.Sort((a, b) => b.Postings.CompareTo(a.Postings));
        var threshold = options.TopicThreshold * (1 - 1e-9);
        var limit = SkipShare * SkipShare * threshold * threshold * fingerprint.Norm * fingerprint.Norm;
        double skipped = 0;
        var from = 0;
        while (from < _terms.Count && skipped + (_terms[from].Weight * _terms[from].Weight) < limit)
        {
            skipped += _terms[from].Weight * _terms[from].Weight;
            from++;
        }

        // The dot product over the rest, accumulated along the postings.
        var stamp = ++_stamp;
        _candidates.Clear();
        for (var t = from; t < _terms.Count; t++)
        {
            var v = _terms[t].Weight;
            var postings = _postings[_terms[t].Term];
            Prune(postings);
            foreach (var (c, weight) in postings)
            {
                if (c.Stamp != stamp)
                {
                    c.Stamp = stamp;
                    c.Partial = 0;
                    _candidates.Add(c);
                }

                c.Partial += v * weight.Value;
            }
        }

        Cluster? best = null;
        double bestSim = 0;
        foreach (var c in _candidates)
        {
            if (c.LastAt < since || c.SumSquares <= 0)
            {
                continue;
            }

            // The skipped bigrams add at most |skipped| × |centroid| to the dot product (Cauchy–Schwarz); the bar is the
            // threshold, or a hair under the best similarity so far (a tie may still win on creation order).
            var norm = Math.Sqrt(c.SumSquares);
            var bar = (best is null ? threshold : Math.Max(threshold, bestSim * (1 - 1e-9))) * fingerprint.Norm * norm;
            var dot = c.Partial;
            var rest = skipped;
            if (dot + (Math.Sqrt(rest) * norm) < bar)
            {
                continue;
            }

            // Add the skipped bigrams from the rarest, stopping as soon as the rest can no longer lift it to the bar.
            for (var t = from - 1; t >= 0; t--)
            {
                if (c.Centroid.TryGetValue(_terms[t].Term, out var weight))
                {
                    dot += _terms[t].Weight * weight.Value;
                }

                rest = Math.Max(0, rest - (_terms[t].Weight * _terms[t].Weight));
                if (dot + (Math.Sqrt(rest) * norm) < bar)
                {
                    break;
                }
            }

            if (dot + (Math.Sqrt(rest) * norm) < bar)
            {
                continue;
            }

            var sim = dot / (fingerprint.Norm * norm);
            if (sim >= options.TopicThreshold && (best is null || sim > bestSim || (sim == bestSim && c.Order < best.Order)))
            {
                best = c;
                bestSim = sim;
            }
        }

        return best is null ? null : (best.Id, bestSim);
    }

    /// <summary>
    /// Drops incidents idle for two windows before the newest post from a term's postings, so a topic search reads the
    /// incidents that can still take posts rather than every incident of the run. Only a post more than one window
    /// older than the newest one could have joined them; the worker's index, rebuilt after a restart, holds only the
    /// incidents active within one window anyway.
    /// </summary>
    private void Prune(Postings postings)
    {
        // At most once per quarter window of stream time per term: the sweep's cost is spread over the posts that read it.
        var window = options.Window;
        if (_newest - postings.PrunedAt < window / 4)
        {
            return;
        }

        var horizon = _newest - (2 * window);
        postings.RemoveAll(p => p.Cluster.LastAt < horizon);
        postings.PrunedAt = _newest;
    }

    private static List<TValue> Bucket<TKey, TValue>(Dictionary<TKey, List<TValue>> index, TKey key)
        where TKey : notnull
    {
        if (!index.TryGetValue(key, out var list))
        {
            index[key] = list = [];
        }

        return list;
    }

    private static Dictionary<ulong, T>[] Tables<T>(int count)
    {
        var tables = new Dictionary<ulong, T>[count];
        for (var i = 0; i < count; i++)
        {
            tables[i] = [];
        }

        return tables;
    }

    private static bool IsActorContact(string contact)
    {
        var colon = contact.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && ActorContactKinds.Contains(contact[..colon]);
    }

    private static string Pk(string platform, string id) => platform + "|" + id;

    private sealed class Cluster(long id, int order)
    {
        public long Id { get; } = id;

        /// <summary>Creation order: ties in topic similarity go to the earlier incident.</summary>
        public int Order { get; } = order;

        public IncidentTally Tally { get; } = new();

        public DateTimeOffset LastAt => Tally.LastAt;

        /// <summary>Sum of the unit bigram vectors of the incident's posts that were not near-duplicates.</summary>
        public Dictionary<int, Weight> Centroid { get; } = [];

        /// <summary>The centroid's squared length, kept up to date as terms are added.</summary>
        public double SumSquares { get; set; }

        /// <summary>The current topic search's dot product over the bigrams it did not skip.</summary>
        public double Partial { get; set; }

        /// <summary>The last topic search that looked at this incident (visits each once per search).</summary>
        public int Stamp { get; set; }
    }

    /// <summary>A short post in the LSH buckets (one object in all its buckets, visited once per search).</summary>
    private sealed class ShortPost(long postId, long incident, ulong[] signature)
    {
        public long PostId { get; } = postId;

        public long Incident { get; } = incident;

        public ulong[] Signature { get; } = signature;

        public int Stamp { get; set; }
    }

    /// <summary>The incidents whose centroid holds one bigram, with the weight there.</summary>
    private sealed class Postings : List<(Cluster Cluster, Weight Weight)>
    {
        public DateTimeOffset PrunedAt { get; set; }
    }

    /// <summary>One centroid weight, shared by the centroid and the term's postings so both see each update.</summary>
    private sealed class Weight
    {
        public double Value { get; set; }
    }
}
