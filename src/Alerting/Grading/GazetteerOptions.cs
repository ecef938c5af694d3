namespace SentimentWatch.Alerting.Grading;

/// <summary>Exam sites (考点) recognised in post text (<c>Alerting:Gazetteer</c>).</summary>
public sealed class GazetteerOptions
{
    public const string Section = "Alerting:Gazetteer";

    public List<ExamSiteOptions> Sites { get; set; } = [];
}

/// <summary>One exam site and the names people write for it.</summary>
public sealed class ExamSiteOptions
{
    /// <summary>Stable id used by routing (<c>site:ID</c> responders) and in alerts.</summary>
    public string Id { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>Other spellings (abbreviations, old names) matched in text.</summary>
    public List<string> Aliases { get; set; } = [];

    /// <summary>Free note, e.g. where the entry comes from.</summary>
    public string? Note { get; set; }

    /// <summary>Responder id of the site's contact (must exist in <c>Alerting:Routing:Responders</c>).</summary>
    public string? Responder { get; set; }
}
