using SentimentWatch.Office.Facts;

namespace SentimentWatch.Office.Reports;

/// <summary>Writes one paragraph: prose, facts (each a number or quotation with its sources) and visible blanks.</summary>
internal sealed class Para
{
    private readonly List<Segment> _segments = [];

    public Para T(string text)
    {
        _segments.Add(Segment.Plain(text));
        return this;
    }

    public Para F(Fact fact)
    {
        _segments.Add(Segment.Of(fact));
        return this;
    }

    /// <summary>The fact when the store has it, else a blank naming what is missing.</summary>
    public Para F(Fact? fact, string missing)
    {
        _segments.Add(fact is null ? Segment.Missing(missing) : Segment.Of(fact));
        return this;
    }

    public Para Blank(string missing)
    {
        _segments.Add(Segment.Missing(missing));
        return this;
    }

    public Paragraph Build() => new(_segments.ToList());
}

/// <summary>Collects a report's sections while drafting.</summary>
internal sealed class Draft(FactBook facts)
{
    private readonly List<Section> _sections = [];
    private List<Paragraph> _paragraphs = [];
    private List<ChartSpec> _charts = [];
    private string? _heading;

    public FactBook Facts { get; } = facts;

    public void Section(string heading)
    {
        Flush();
        _heading = heading;
    }

    public void Add(Para p) => _paragraphs.Add(p.Build());

    public void Add(ChartSpec chart) => _charts.Add(chart);

    public IReadOnlyList<Section> Sections()
    {
        Flush();
        return _sections;
    }

    private void Flush()
    {
        if (_heading is not null)
        {
            _sections.Add(new Section(_heading, _paragraphs, _charts));
        }

        _paragraphs = [];
        _charts = [];
        _heading = null;
    }
}
