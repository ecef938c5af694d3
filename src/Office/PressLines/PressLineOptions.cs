namespace SentimentWatch.Office.PressLines;

/// <summary>
/// Press lines and press releases (<c>Office:PressLines</c>): the office's name and hotline used as facts, and one
/// template set per incident kind. Templates are Liquid, one JSON string per line so that a problem names its line
/// (<c>Office:PressLines:Templates:clarify:Line:3</c>).
/// </summary>
public sealed class PressLineOptions
{
    public const string Section = "Office:PressLines";

    /// <summary>Who speaks (fact <c>office.name</c>); empty shows 【待补充】.</summary>
    public string Organisation { get; set; } = string.Empty;

    /// <summary>Where the public reports answer sellers and fraud (fact <c>office.hotline</c>); empty shows 【待补充】.</summary>
    public string Hotline { get; set; } = string.Empty;

    /// <summary>Name of the exam in texts (fact <c>exam.name</c>).</summary>
    public string ExamName { get; set; } = "国家统一法律职业资格考试";

    /// <summary>The value of a setting a press line states as a fact, by its full key (<c>Office:PressLines:Hotline</c>); null for any other key.</summary>
    public string? FactSetting(string key) => key switch
    {
        Section + ":" + nameof(Organisation) => Organisation,
        Section + ":" + nameof(Hotline) => Hotline,
        Section + ":" + nameof(ExamName) => ExamName,
        _ => null,
    };

    /// <summary>Template sets by name (e.g. <c>clarify</c>, <c>warn</c>, <c>official</c>, <c>respond</c>).</summary>
    public Dictionary<string, PressLineTemplateOptions> Templates { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>One template set: the incident labels it serves, and its press line and press release.</summary>
public sealed class PressLineTemplateOptions
{
    /// <summary>What the texts do, in the plan's words (澄清, 提醒考生勿信、已移交公安 …).</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>Incident labels (classifier labels: leak, answer_selling, cheating, fraud, rumour, complaint) that start from this set.</summary>
    public string[] Labels { get; set; } = [];

    /// <summary>The press line (口径), one Liquid line per entry.</summary>
    public string[] Line { get; set; } = [];

    /// <summary>The press release (新闻通稿), one Liquid line per entry.</summary>
    public string[] Release { get; set; } = [];
}
