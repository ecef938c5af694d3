namespace SentimentWatch.Core.Alerting;

/// <summary>
/// The response plan's four levels. Numeric values grow with severity so that "the highest of several rules" is
/// a plain maximum: Ⅰ 特别重大 is the most severe, Ⅳ 影响较小 the least.
/// </summary>
public enum IncidentLevel
{
    /// <summary>Not graded (no rule fired); no notification.</summary>
    None = 0,

    /// <summary>Ⅳ 影响较小: the exam site handles it under the office's guidance.</summary>
    IV = 1,

    /// <summary>Ⅲ 一般: the office handles it after the leading group approves.</summary>
    III = 2,

    /// <summary>Ⅱ 重大或较大: the leading group's office with the exam sites.</summary>
    II = 3,

    /// <summary>Ⅰ 特别重大: the leading-group head asks the provincial department.</summary>
    I = 4,
}

/// <summary>Display helpers for <see cref="IncidentLevel"/>.</summary>
public static class IncidentLevels
{
    /// <summary>Roman numeral as the plan writes it (Ⅰ…Ⅳ), or "—" for <see cref="IncidentLevel.None"/>.</summary>
    public static string Roman(this IncidentLevel level) => level switch
    {
        IncidentLevel.I => "Ⅰ",
        IncidentLevel.II => "Ⅱ",
        IncidentLevel.III => "Ⅲ",
        IncidentLevel.IV => "Ⅳ",
        _ => "—",
    };

    /// <summary>The plan's name for the level.</summary>
    public static string ChineseName(this IncidentLevel level) => level switch
    {
        IncidentLevel.I => "特别重大网络舆情",
        IncidentLevel.II => "重大或较大网络舆情",
        IncidentLevel.III => "一般网络舆情",
        IncidentLevel.IV => "影响较小的网络舆情",
        _ => "未分级",
    };

    /// <summary>Parses "I", "II", "III", "IV" (ASCII or Ⅰ–Ⅳ); false for anything else.</summary>
    public static bool TryParse(string? text, out IncidentLevel level)
    {
        level = (text ?? string.Empty).Trim() switch
        {
            "I" or "Ⅰ" => IncidentLevel.I,
            "II" or "Ⅱ" => IncidentLevel.II,
            "III" or "Ⅲ" => IncidentLevel.III,
            "IV" or "Ⅳ" => IncidentLevel.IV,
            _ => IncidentLevel.None,
        };
        return level != IncidentLevel.None;
    }
}

/// <summary>One rule that fired while grading, with the values that made it fire.</summary>
/// <param name="Rule">Rule id, e.g. <c>content_floor:leak@考试实施</c>, <c>spread:max_engagement</c>, <c>score</c>.</param>
/// <param name="Level">The level this rule asks for.</param>
/// <param name="Detail">Human-readable values, e.g. <c>max_engagement 12000 ≥ 5000 (10000 × 0.5 sensitive window 考试实施)</c>.</param>
public sealed record LevelReason(string Rule, IncidentLevel Level, string Detail);
