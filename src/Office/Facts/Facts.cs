namespace SentimentWatch.Office.Facts;

/// <summary>Kinds of record a fact can point at; each is resolvable against the store (<see cref="ReferenceResolver"/>).</summary>
public static class SourceKinds
{
    /// <summary>A stored post (id: the store's post id).</summary>
    public const string Post = "post";

    /// <summary>An incident (id: incident id).</summary>
    public const string Incident = "incident";

    /// <summary>An alert (id: alert id).</summary>
    public const string Alert = "alert";

    /// <summary>An entry of an incident's action log (id: <c>INCIDENT/ACTION</c>).</summary>
    public const string Action = "action";

    /// <summary>A console work item on an incident — assignment, hand-over to the police, guidance (id: <c>INCIDENT/ITEM</c>).</summary>
    public const string Work = "work";

    /// <summary>An evidence packet (id: packet id).</summary>
    public const string Evidence = "evidence";

    /// <summary>A takedown request (id: takedown id).</summary>
    public const string Takedown = "takedown";

    /// <summary>A source's collection runs (id: source id).</summary>
    public const string Source = "source";

    /// <summary>A count over the store that anyone can re-run (id: <c>posts FROM TO</c>, ISO 8601 UTC).</summary>
    public const string Query = "query";

    /// <summary>An earlier report (id: report id) — a 续报 counts from the previous report's time.</summary>
    public const string Report = "report";

    /// <summary>A stored classification (id: its sequence number in the classification stream).</summary>
    public const string Classification = "classification";

    /// <summary>A step of a press-line version's workflow (id: <c>VERSION/STEP</c>).</summary>
    public const string PressLine = "pressline";

    /// <summary>A setting a press line states (id: its full key, e.g. <c>Office:PressLines:Hotline</c>).</summary>
    public const string Config = "config";

    /// <summary>The clock when a text was filled (id: ISO 8601 UTC), e.g. a 通稿's 发布日期.</summary>
    public const string Clock = "clock";

    public static IReadOnlyList<string> All { get; } = [Post, Incident, Alert, Action, Work, Evidence, Takedown, Source, Query, Report, Classification, PressLine, Config, Clock];
}

/// <summary>Where a fact comes from: one record of the store.</summary>
/// <param name="Kind">One of <see cref="SourceKinds"/>.</param>
/// <param name="Id">The record's id in the store (see <see cref="SourceKinds"/> for the form).</param>
/// <param name="Url">The public URL (a post's page), when there is one.</param>
/// <param name="Label">How the appendix and footnotes name it, e.g. <c>帖子 #12（tieba，2026-10-12 09:31）</c>.</param>
public sealed record SourceRef(string Kind, string Id, string? Url, string Label)
{
    /// <summary><c>kind:id</c>, the reference's identity.</summary>
    public string Key => Kind + ":" + Id;

    /// <summary>A reference read back from its <see cref="Key"/> (the label is then the key): null when it names no known kind.</summary>
    public static SourceRef? FromKey(string key)
    {
        var colon = key?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        return colon > 0 && SourceKinds.All.Contains(key![..colon]) ? new SourceRef(key[..colon], key[(colon + 1)..], null, key) : null;
    }
}

/// <summary>
/// One number, time, name or quotation in a report, with the records that support it. A fact without a source is never
/// built: where the store has nothing, the drafter writes a blank (【待补充】) instead.
/// </summary>
/// <param name="Id">Number within the report, also its footnote number.</param>
/// <param name="Text">The value as the report prints it.</param>
public sealed record Fact(int Id, string Text, IReadOnlyList<SourceRef> Sources);

/// <summary>Collects a report's facts while it is drafted; numbers them in order of first use.</summary>
public sealed class FactBook
{
    private readonly List<Fact> _facts = [];

    public IReadOnlyList<Fact> Facts => _facts;

    /// <summary>Adds a fact; refuses one with no source, because a report may not state what the store does not back.</summary>
    public Fact Add(string text, params IEnumerable<SourceRef> sources)
    {
        var list = sources.DistinctBy(s => s.Key).ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException($"fact '{text}' has no source", nameof(sources));
        }

        var fact = new Fact(_facts.Count + 1, text, list);
        _facts.Add(fact);
        return fact;
    }
}
