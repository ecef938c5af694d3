using System.Globalization;
using System.Reflection;
using System.Text.Json;

namespace SentimentWatch.DrillSites.Scenario;

/// <summary>
/// A validated drill scenario: the posts every site shows, in file order. Load one from JSONL with
/// <see cref="Load"/> / <see cref="Parse"/>, use the shipped <see cref="Demo"/>, or build benchmark load with
/// <see cref="Generate"/>.
/// </summary>
public sealed class DrillScenario
{
    private readonly Dictionary<string, ScenarioPost> _byId;

    /// <summary>Builds a scenario from posts, validating them (throws <see cref="ScenarioFormatException"/> naming every problem).</summary>
    public DrillScenario(IEnumerable<ScenarioPost> posts)
    {
        Posts = posts.ToList();
        _byId = new Dictionary<string, ScenarioPost>(StringComparer.Ordinal);
        var errors = new List<string>();
        for (var i = 0; i < Posts.Count; i++)
        {
            var p = Posts[i];
            if (!_byId.TryAdd(p.Id, p))
            {
                errors.Add($"post {i + 1} (id '{p.Id}'): duplicate id");
            }
        }

        for (var i = 0; i < Posts.Count; i++)
        {
            Validate(Posts[i], $"post {i + 1} (id '{Posts[i].Id}')", errors);
        }

        if (errors.Count > 0)
        {
            throw new ScenarioFormatException(errors);
        }
    }

    /// <summary>All posts in file order.</summary>
    public IReadOnlyList<ScenarioPost> Posts { get; }

    /// <summary>Scenario seconds at which the last post appears, is edited or deleted.</summary>
    public double Duration => Posts.Count == 0 ? 0 : Posts.Max(p => Math.Max(p.DeletedAt ?? p.At, p.Edits.Count == 0 ? p.At : p.Edits[^1].At));

    /// <summary>The post with this id, or null.</summary>
    public ScenarioPost? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>The thread root of a post (the post itself when it has no parent).</summary>
    public ScenarioPost RootOf(ScenarioPost post)
    {
        var p = post;
        while (p.Parent is not null)
        {
            p = _byId[p.Parent];
        }

        return p;
    }

    /// <summary>Reads a JSONL scenario file (see the README for the format).</summary>
    /// <exception cref="ScenarioFormatException">Every bad line and field, each with its line number.</exception>
    public static DrillScenario Load(string path)
    {
        using var reader = new StreamReader(path, System.Text.Encoding.UTF8);
        return Parse(reader, path);
    }

    /// <summary>The demo scenario shipped in the assembly (a copy of <c>scenarios/demo.jsonl</c>).</summary>
    public static DrillScenario Demo() => Embedded("demo.jsonl");

    /// <summary>
    /// The demo scenario followed by <c>scenarios/demo-boards.jsonl</c>: posts on the browser-only and the login-walled
    /// Tieba boards, which <c>sw demo</c> collects with its browser and logged-in sources.
    /// </summary>
    public static DrillScenario DemoWithBoards()
    {
        using var reader = new StringReader(EmbeddedText("demo.jsonl") + "\n" + EmbeddedText("demo-boards.jsonl"));
        return Parse(reader, "demo.jsonl + demo-boards.jsonl");
    }

    private static DrillScenario Embedded(string name)
    {
        using var reader = new StringReader(EmbeddedText(name));
        return Parse(reader, name);
    }

    private static string EmbeddedText(string name)
    {
        using var stream = typeof(DrillScenario).Assembly.GetManifestResourceStream("SentimentWatch.DrillSites." + name)
            ?? throw new InvalidOperationException($"The scenario resource {name} is missing from the assembly.");
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>
    /// Generates benchmark load: <paramref name="posts"/> posts spread round-robin over the five sites (threads with
    /// replies on the forums, microblogs with comments, articles with comments, feed items), appearing evenly over
    /// <paramref name="spreadSeconds"/> (0: all visible at start). Deterministic for a given seed.
    /// </summary>
    public static DrillScenario Generate(int posts, int seed = 1, double spreadSeconds = 0) =>
        new(ScenarioGenerator.Generate(posts, seed, spreadSeconds));

    /// <summary>Parses JSONL from a reader; blank lines and lines starting with <c>//</c> are ignored.</summary>
    /// <exception cref="ScenarioFormatException">Every bad line and field, each with its line number.</exception>
    public static DrillScenario Parse(TextReader reader, string name = "scenario")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var posts = new List<ScenarioPost>();
        var errors = new List<string>();
        var lineNo = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNo++;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith("//", StringComparison.Ordinal))
            {
                continue;
            }

            var where = $"{name}:{lineNo}";
            try
            {
                using var doc = JsonDocument.Parse(trimmed);
                var post = ReadPost(doc.RootElement, where, errors);
                if (post is not null)
                {
                    posts.Add(post);
                }
            }
            catch (JsonException ex)
            {
                errors.Add($"{where}: not valid JSON ({ex.Message})");
            }
        }

        if (errors.Count > 0)
        {
            throw new ScenarioFormatException(errors);
        }

        try
        {
            return new DrillScenario(posts);
        }
        catch (ScenarioFormatException ex)
        {
            throw new ScenarioFormatException(ex.Errors.Select(e => $"{name}: {e}").ToList());
        }
    }

    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "id", "site", "board", "parent", "author", "title", "text", "at", "deleted_at", "edits", "engagement", "source", "label", "images",
    };

    private static ScenarioPost? ReadPost(JsonElement e, string where, List<string> errors)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where}: expected a JSON object");
            return null;
        }

        var before = errors.Count;
        foreach (var prop in e.EnumerateObject())
        {
            if (!KnownFields.Contains(prop.Name))
            {
                errors.Add($"{where}: unknown field '{prop.Name}'");
            }
        }

        var id = Str(e, "id", where, errors, required: true);
        var siteText = Str(e, "site", where, errors, required: true);
        DrillSite site = default;
        if (siteText is not null && !TryParseSite(siteText, out site))
        {
            errors.Add($"{where}: site '{siteText}' is not one of tieba, discuz, weibo, news, feeds");
        }

        var text = Str(e, "text", where, errors, required: true);
        var at = Num(e, "at", where, errors) ?? 0;
        var deletedAt = Num(e, "deleted_at", where, errors);
        ScenarioAuthor? author = null;
        if (!e.TryGetProperty("author", out var a) || a.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where}: author is required as an object {{\"id\",\"name\",\"followers\"}}");
        }
        else
        {
            var aid = Str(a, "id", where + " author", errors, required: true);
            var aname = Str(a, "name", where + " author", errors, required: true);
            var followers = Num(a, "followers", where + " author", errors) ?? 0;
            if (aid is not null && aname is not null)
            {
                author = new ScenarioAuthor(aid, aname, (long)followers);
            }
        }

        var edits = new List<ScenarioEdit>();
        if (e.TryGetProperty("edits", out var ed))
        {
            if (ed.ValueKind != JsonValueKind.Array)
            {
                errors.Add($"{where}: edits must be an array of {{\"at\",\"text\",\"title\"}}");
            }
            else
            {
                foreach (var x in ed.EnumerateArray())
                {
                    var eat = Num(x, "at", where + " edit", errors);
                    var etext = Str(x, "text", where + " edit", errors, required: true);
                    if (eat is not null && etext is not null)
                    {
                        edits.Add(new ScenarioEdit(eat.Value, etext, Str(x, "title", where + " edit", errors, required: false)));
                    }
                }
            }
        }

        var engagement = ScenarioEngagement.None;
        if (e.TryGetProperty("engagement", out var en))
        {
            if (en.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{where}: engagement must be an object");
            }
            else
            {
                double reposts = Num(en, "reposts", where + " engagement", errors) ?? 0, likes = Num(en, "likes", where + " engagement", errors) ?? 0,
                    views = Num(en, "views", where + " engagement", errors) ?? 0;
                double rpm = 0, lpm = 0, vpm = 0;
                if (en.TryGetProperty("per_minute", out var pm))
                {
                    rpm = Num(pm, "reposts", where + " engagement.per_minute", errors) ?? 0;
                    lpm = Num(pm, "likes", where + " engagement.per_minute", errors) ?? 0;
                    vpm = Num(pm, "views", where + " engagement.per_minute", errors) ?? 0;
                }

                if (reposts < 0 || likes < 0 || views < 0 || rpm < 0 || lpm < 0 || vpm < 0)
                {
                    errors.Add($"{where}: engagement counts and growth must not be negative");
                }

                engagement = new ScenarioEngagement((long)reposts, (long)likes, (long)views, rpm, lpm, vpm);
            }
        }

        var images = new List<string>();
        if (e.TryGetProperty("images", out var im))
        {
            if (im.ValueKind != JsonValueKind.Array || im.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
            {
                errors.Add($"{where}: images must be an array of image names (files of src/DrillSites/Images, or huge.png)");
            }
            else
            {
                images.AddRange(im.EnumerateArray().Select(x => x.GetString()!));
                foreach (var name in images.Where(n => Pipeline.DrillImages.Find(n) is null))
                {
                    errors.Add($"{where}: image '{name}' is not one the drill sites serve");
                }
            }
        }

        if (errors.Count > before || id is null || text is null || author is null)
        {
            return null;
        }

        return new ScenarioPost
        {
            Id = id,
            Site = site,
            Board = Str(e, "board", where, errors, required: false),
            Parent = Str(e, "parent", where, errors, required: false),
            Author = author,
            Title = Str(e, "title", where, errors, required: false),
            Text = text,
            At = at,
            DeletedAt = deletedAt,
            Edits = edits,
            Engagement = engagement,
            Source = Str(e, "source", where, errors, required: false),
            Label = Str(e, "label", where, errors, required: false),
            Images = images,
        };
    }

    /// <summary>Parses a site name as written in scenario files (case-insensitive; <c>feed</c>/<c>rss</c> mean feeds).</summary>
    public static bool TryParseSite(string text, out DrillSite site)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "tieba": site = DrillSite.Tieba; return true;
            case "discuz": site = DrillSite.Discuz; return true;
            case "weibo": site = DrillSite.Weibo; return true;
            case "news": site = DrillSite.News; return true;
            case "feeds" or "feed" or "rss" or "atom": site = DrillSite.Feeds; return true;
            default: site = default; return false;
        }
    }

    private static string? Str(JsonElement e, string name, string where, List<string> errors, bool required)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            if (required)
            {
                errors.Add($"{where}: {name} is required");
            }

            return null;
        }

        if (v.ValueKind == JsonValueKind.String)
        {
            var s = v.GetString()!;
            if (required && s.Length == 0)
            {
                errors.Add($"{where}: {name} must not be empty");
                return null;
            }

            return s;
        }

        if (v.ValueKind == JsonValueKind.Number)
        {
            return v.GetRawText();
        }

        errors.Add($"{where}: {name} '{v.GetRawText()}' must be a string");
        return null;
    }

    private static double? Num(JsonElement e, string name, string where, List<string> errors)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && double.IsFinite(d))
        {
            return d;
        }

        errors.Add($"{where}: {name} '{v.GetRawText()}' must be a number");
        return null;
    }

    private void Validate(ScenarioPost p, string where, List<string> errors)
    {
        if (p.At < 0)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: at {p.At} must not be negative"));
        }

        if (p.DeletedAt is { } d && d < p.At)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: deleted_at {d} is before at {p.At}"));
        }

        var last = p.At;
        foreach (var edit in p.Edits)
        {
            if (edit.At < last)
            {
                errors.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: edit at {edit.At} is before the post appears or before the previous edit"));
            }

            last = edit.At;
        }

        if (p.Parent is null)
        {
            if (p.Site != DrillSite.Weibo && string.IsNullOrWhiteSpace(p.Title))
            {
                errors.Add($"{where}: a {p.Site.ToString().ToLowerInvariant()} thread/article/item needs a title");
            }

            return;
        }

        if (p.Site == DrillSite.Feeds)
        {
            errors.Add($"{where}: feed items cannot have a parent");
            return;
        }

        if (!_byId.TryGetValue(p.Parent, out var parent))
        {
            errors.Add($"{where}: parent '{p.Parent}' is not a post of this scenario");
            return;
        }

        if (parent.Site != p.Site)
        {
            errors.Add($"{where}: parent '{p.Parent}' is on {parent.Site}, not {p.Site}");
        }

        if (p.At < parent.At)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{where}: at {p.At} is before its parent '{p.Parent}' appears ({parent.At})"));
        }

        // A parent cycle would make RootOf loop; walk with a bound.
        var hops = 0;
        for (var q = parent; q.Parent is not null && hops <= Posts.Count; hops++)
        {
            if (!_byId.TryGetValue(q.Parent, out q!))
            {
                break;
            }
        }

        if (hops > Posts.Count)
        {
            errors.Add($"{where}: parent chain forms a cycle");
        }
    }
}

/// <summary>A scenario file or post list that cannot be used; <see cref="Errors"/> names every problem.</summary>
public sealed class ScenarioFormatException : Exception
{
    /// <summary>Creates the exception from the problems found.</summary>
    public ScenarioFormatException(IReadOnlyList<string> errors)
        : base("Invalid drill scenario:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  " + e)))
    {
        Errors = errors;
    }

    /// <summary>Every problem, one line each, with the line number (or post number) where it was found.</summary>
    public IReadOnlyList<string> Errors { get; }
}
