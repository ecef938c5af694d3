using SentimentWatch.DrillSites.Scenario;

namespace SentimentWatch.DrillSites.Runtime;

/// <summary>
/// One site's posts as a forest of <see cref="PostNode"/>s, with platform ids assigned in file order and a view of
/// what is visible now, cached until the next scenario event (appear, edit, delete) so a page costs O(page).
/// </summary>
internal sealed class SiteModel
{
    private readonly double[] _eventTimes;
    private readonly Dictionary<string, PostNode> _byScenarioId = new(StringComparer.Ordinal);
    private readonly Dictionary<long, PostNode> _byPlatformId = [];
    private readonly Dictionary<long, PostNode> _rootsById = [];
    private SiteView? _view;

    public SiteModel(DrillSite site, DrillScenario scenario, ScenarioClock clock)
    {
        Site = site;
        Clock = clock;
        var posts = scenario.Posts.Where(p => p.Site == site).ToList();
        var rootIndex = 0;
        for (var i = 0; i < posts.Count; i++)
        {
            var p = posts[i];
            var node = new PostNode(p, i, PlatformIdFor(site, p.Parent is null, p.Parent is null ? rootIndex : i));
            if (p.Parent is null)
            {
                rootIndex++;
                node.FirstPostId = site switch
                {
                    DrillSite.Tieba => 150_000_000_000 + i,
                    DrillSite.Discuz => 20_000 + i,
                    _ => node.PlatformId,
                };
            }

            _byScenarioId[p.Id] = node;
        }

        foreach (var node in _byScenarioId.Values.OrderBy(n => n.Order))
        {
            if (node.Post.Parent is { } parentId)
            {
                var parent = _byScenarioId[parentId];
                node.Parent = parent;
                parent.Children.Add(node);
            }
        }

        foreach (var node in _byScenarioId.Values)
        {
            var root = node;
            while (root.Parent is not null)
            {
                root = root.Parent;
            }

            node.Root = root;
            node.Children.Sort(static (a, b) => a.Post.At != b.Post.At ? a.Post.At.CompareTo(b.Post.At) : a.Order.CompareTo(b.Order));
            _byPlatformId[node.PlatformId] = node;
            if (node.IsRoot)
            {
                _rootsById[node.PlatformId] = node;
            }
        }

        foreach (var root in _rootsById.Values)
        {
            for (var f = 0; f < root.Children.Count; f++)
            {
                root.Children[f].Floor = f + 2;
            }
        }

        Boards = _rootsById.Values.OrderBy(n => n.Order).Select(n => BoardOf(n)).Distinct(StringComparer.Ordinal).ToList();
        if (Boards.Count == 0)
        {
            Boards = [DefaultBoard(site)];
        }

        _eventTimes = posts.SelectMany(p => p.Edits.Select(e => e.At).Append(p.At).Concat(p.DeletedAt is { } d ? [d] : []))
            .Order().ToArray();
    }

    public DrillSite Site { get; }

    public ScenarioClock Clock { get; }

    /// <summary>Boards in order of first thread; Discuz fids are 2, 3, … in this order.</summary>
    public IReadOnlyList<string> Boards { get; }

    public static string DefaultBoard(DrillSite site) => site switch
    {
        DrillSite.Tieba => "法考",
        DrillSite.Discuz => "法考交流",
        DrillSite.News => "法治",
        DrillSite.Weibo => "weibo",
        _ => "feed",
    };

    public string BoardOf(PostNode node) => node.Root.Post.Board ?? DefaultBoard(Site);

    public int FidOf(string board)
    {
        for (var i = 0; i < Boards.Count; i++)
        {
            if (string.Equals(Boards[i], board, StringComparison.Ordinal))
            {
                return i + 2;
            }
        }

        return -1;
    }

    public string? BoardOfFid(int fid) => fid - 2 >= 0 && fid - 2 < Boards.Count ? Boards[fid - 2] : null;

    public PostNode? ByScenarioId(string id) => _byScenarioId.GetValueOrDefault(id);

    public PostNode? ByPlatformId(long id) => _byPlatformId.GetValueOrDefault(id);

    public PostNode? RootById(long id) => _rootsById.GetValueOrDefault(id);

    /// <summary>What is visible now; rebuilt only when a scenario event has passed since the last build.</summary>
    public SiteView View()
    {
        var t = Clock.Elapsed;
        var epoch = UpperBound(_eventTimes, t);
        var view = _view;
        if (view is null || view.Epoch != epoch)
        {
            view = new SiteView(this, epoch, t);
            _view = view;
        }

        return view;
    }

    private static int UpperBound(double[] a, double t)
    {
        int lo = 0, hi = a.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (a[mid] <= t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    internal IEnumerable<PostNode> AllRoots => _rootsById.Values;

    private static long PlatformIdFor(DrillSite site, bool root, int index) => site switch
    {
        DrillSite.Tieba => root ? 9_100_000_000L + index : 150_000_000_000L + index,
        DrillSite.Discuz => root ? 1_000L + index : 20_000L + index,
        DrillSite.Weibo => 4_951_000_000_000_000L + (root ? index * 2L : (index * 2L) + 1),
        DrillSite.News => root ? 1_000L + index : 500_000L + index,
        _ => 1L + index,
    };
}

/// <summary>The visible state of a site between two scenario events.</summary>
internal sealed class SiteView
{
    private readonly Dictionary<PostNode, List<PostNode>> _replies = [];
    private readonly Dictionary<PostNode, double> _lastActivity = [];
    private readonly Dictionary<PostNode, int> _replyCount = [];
    private readonly Dictionary<PostNode, PostNode> _lastReply = [];

    public SiteView(SiteModel model, int epoch, double t)
    {
        Epoch = epoch;
        var roots = new List<PostNode>();
        foreach (var root in model.AllRoots)
        {
            if (!root.Visible(t))
            {
                continue;
            }

            roots.Add(root);
            var last = root.Post.At;
            var direct = new List<PostNode>();
            foreach (var c in root.Children)
            {
                if (c.Visible(t))
                {
                    direct.Add(c);
                    last = Math.Max(last, c.Post.At);
                    last = Math.Max(last, AddNested(c, t));
                }
            }

            _replies[root] = direct;
            _lastActivity[root] = last;
        }

        // Counts and last replies are asked for on every list item; computing them once per view keeps a page O(page).
        foreach (var root in roots)
        {
            var count = 0;
            var newest = root;
            foreach (var d in Descendants(root))
            {
                count++;
                newest = Newer(newest, d);
            }

            _replyCount[root] = count;
            _lastReply[root] = newest;
        }

        ByActivity = roots.OrderByDescending(r => _lastActivity[r]).ThenByDescending(r => r.Order).ToList();
        ByPublication = roots.OrderByDescending(r => r.Post.At).ThenByDescending(r => r.Order).ToList();
    }

    public int Epoch { get; }

    /// <summary>Visible roots, most recently replied first (forum list order).</summary>
    public IReadOnlyList<PostNode> ByActivity { get; }

    /// <summary>Visible roots, newest first (timeline, news and feed order).</summary>
    public IReadOnlyList<PostNode> ByPublication { get; }

    /// <summary>Visible direct replies of a visible node, in appearance order.</summary>
    public IReadOnlyList<PostNode> RepliesOf(PostNode node) => _replies.TryGetValue(node, out var r) ? r : [];

    /// <summary>Visible posts under a root (all depths).</summary>
    public int ReplyCount(PostNode root)
    {
        if (_replyCount.TryGetValue(root, out var known))
        {
            return known;
        }

        var n = 0;
        foreach (var c in RepliesOf(root))
        {
            n += 1 + CountNested(c);
        }

        return n;
    }

    public double LastActivity(PostNode root) => _lastActivity.GetValueOrDefault(root, root.Post.At);

    /// <summary>The newest visible reply in a thread (for "last reply by").</summary>
    public PostNode LastReplyOrRoot(PostNode root)
    {
        if (_lastReply.TryGetValue(root, out var known))
        {
            return known;
        }

        var best = root;
        foreach (var c in RepliesOf(root))
        {
            best = Newer(best, c);
            foreach (var d in Descendants(c))
            {
                best = Newer(best, d);
            }
        }

        return best;
    }

    public IEnumerable<PostNode> Descendants(PostNode node)
    {
        foreach (var c in RepliesOf(node))
        {
            yield return c;
            foreach (var d in Descendants(c))
            {
                yield return d;
            }
        }
    }

    private static PostNode Newer(PostNode a, PostNode b) => b.Post.At > a.Post.At || (b.Post.At == a.Post.At && b.Order > a.Order) ? b : a;

    private int CountNested(PostNode node)
    {
        var n = 0;
        foreach (var c in RepliesOf(node))
        {
            n += 1 + CountNested(c);
        }

        return n;
    }

    private double AddNested(PostNode node, double t)
    {
        var last = node.Post.At;
        var visible = new List<PostNode>();
        foreach (var c in node.Children)
        {
            if (c.Visible(t))
            {
                visible.Add(c);
                last = Math.Max(last, c.Post.At);
                last = Math.Max(last, AddNested(c, t));
            }
        }

        _replies[node] = visible;
        return last;
    }
}
