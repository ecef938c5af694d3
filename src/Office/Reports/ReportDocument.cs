using SentimentWatch.Office.Facts;

namespace SentimentWatch.Office.Reports;

/// <summary>What a piece of a paragraph is.</summary>
public enum SegmentKind
{
    /// <summary>Prose with no number or quotation in it.</summary>
    Text,

    /// <summary>Text backed by <see cref="Segment.FactId"/>: rendered with its footnote.</summary>
    Fact,

    /// <summary>A visible blank (【待补充：…】): the store has nothing for it and nobody may guess.</summary>
    Blank,

    /// <summary>An edited sentence that states a number or quotation without a fact behind it: rendered marked 【无来源】.</summary>
    Unsupported,
}

/// <summary>A run of a paragraph.</summary>
public sealed record Segment(SegmentKind Kind, string Text, int? FactId = null)
{
    public static Segment Plain(string text) => new(SegmentKind.Text, text);

    public static Segment Of(Fact fact) => new(SegmentKind.Fact, fact.Text, fact.Id);

    /// <summary>A blank naming what is missing, e.g. <c>【待补充：首发平台】</c>.</summary>
    public static Segment Missing(string what) => new(SegmentKind.Blank, $"{Blanks.Mark[..^1]}：{what}】");
}

/// <summary>The blank and unsupported marks, one home for drafting, editing and tests.</summary>
public static class Blanks
{
    public const string Mark = "【待补充】";

    public const string Unsupported = "【无来源】";

    /// <summary>What a drill's documents and file names carry (the writers print it on every page).</summary>
    public const string Drill = "【演练】";
}

public sealed record Paragraph(IReadOnlyList<Segment> Segments);

/// <summary>A chart as data, rendered by the document writers (so every export draws the same figures).</summary>
/// <param name="Kind"><c>lines</c> (X as OLE dates), <c>bars</c> (categories) or <c>path</c> (points per platform over time).</param>
/// <param name="FactId">The fact whose sources the chart's data comes from.</param>
public sealed record ChartSpec(string Title, string Kind, string YLabel, IReadOnlyList<ChartSeries> Series, IReadOnlyList<string> Categories, int FactId);

public sealed record ChartSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y);

/// <summary>A numbered section (一、二、…); the writers number them.</summary>
public sealed record Section(string Heading, IReadOnlyList<Paragraph> Paragraphs, IReadOnlyList<ChartSpec> Charts);

/// <summary>The formal header of a Chinese government report.</summary>
/// <param name="Classification">密级 line, e.g. <c>内部</c>.</param>
/// <param name="Urgency">紧急程度, e.g. <c>特急</c>.</param>
/// <param name="Masthead">The red masthead, e.g. <c>法考网络舆情专报</c>.</param>
/// <param name="Issue">e.g. <c>第3期</c>.</param>
/// <param name="Issuer">编发/报送单位.</param>
/// <param name="Recipients">报送 (who receives it).</param>
/// <param name="DateText">Beijing date as the report prints it, e.g. <c>2026年10月12日</c>.</param>
public sealed record ReportHeader(string Classification, string Urgency, string Masthead, string Issue, string Issuer, string Recipients, string DateText);

/// <summary>A report's whole body: what every version stores, what the writers export.</summary>
/// <param name="Exercise">Drill mode (演练): writers mark every page 【演练】.</param>
public sealed record ReportDocument(string Kind, string Title, ReportHeader Header, IReadOnlyList<Section> Sections, IReadOnlyList<Fact> Facts, bool Exercise = false)
{
    public Fact? FactOf(int id) => id >= 1 && id <= Facts.Count && Facts[id - 1].Id == id ? Facts[id - 1] : Facts.FirstOrDefault(f => f.Id == id);

    /// <summary>Every distinct source, in order of first use: the appendix.</summary>
    public IReadOnlyList<SourceRef> Sources() => Facts.SelectMany(f => f.Sources).DistinctBy(s => s.Key).ToList();

    /// <summary>Every segment of every paragraph.</summary>
    public IEnumerable<Segment> Segments() => Sections.SelectMany(s => s.Paragraphs).SelectMany(p => p.Segments);
}
