using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Reports;

namespace SentimentWatch.Office.Reports;

/// <summary>Section <c>Office:Reports</c>: the header every report carries and the limits of drafting and export.</summary>
public sealed class ReportOptions
{
    public const string Section = "Office:Reports";

    /// <summary>编发单位 / 报送单位 printed under the masthead.</summary>
    public string Issuer { get; set; } = "法律职业资格考试网络舆情应急处置工作领导小组办公室";

    /// <summary>报送 line: who receives the reports.</summary>
    public string Recipients { get; set; } = "领导小组组长、副组长，各成员单位";

    /// <summary>密级 line (e.g. 内部, 秘密); empty prints no 密级.</summary>
    public string Classification { get; set; } = "内部";

    /// <summary>The red masthead's words before the kind, e.g. 法考网络舆情 → 法考网络舆情快报.</summary>
    public string Masthead { get; set; } = "法考网络舆情";

    /// <summary>紧急程度 per report kind (<c>flash</c>, <c>followup</c>, …): 特急, 加急, 平急 or empty.</summary>
    public Dictionary<string, string> Urgency { get; set; } = new(StringComparer.Ordinal)
    {
        [ReportKinds.Flash] = "特急",
        [ReportKinds.FollowUp] = "加急",
    };

    /// <summary>TrueType font (or collection, first face) embedded in PDFs and used for chart labels; must hold CJK glyphs.</summary>
    public string FontFile { get; set; } = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";

    /// <summary>A quoted post is cut to this many characters (the whole text stays at its source).</summary>
    public int MaxQuoteChars { get; set; } = 120;

    /// <summary>Incidents listed under 重点事件 in period reports.</summary>
    public int TopIncidents { get; set; } = 10;

    /// <summary>Posts cited one by one behind a count (beyond it the incident or the re-runnable count is the source).</summary>
    public int MaxPostRefs { get; set; } = 20;

    /// <summary>
    /// Incidents cited one by one behind a period report's count; the rest are one reference to the whole list (及其余 M 起),
    /// which the console and <c>sw reports incidents</c> open.
    /// </summary>
    public int MaxIncidentRefs { get; set; } = 20;

    /// <summary>
    /// Draft the 快报 by itself when a Ⅰ/Ⅱ/Ⅲ incident is confirmed (an alert acknowledged), and a 续报 on each later
    /// development (level change, police hand-over, takedown requested or removed), for the office to check and send.
    /// </summary>
    public bool AutoDraft { get; set; } = true;

    /// <summary>
    /// Time between the automatic drafter's reads when no store signal woke it (a store in another process, or a
    /// missed signal, costs at most this much; the signal from this process's stores wakes it at once). Replaces the
    /// integer <c>AutoPollSeconds</c>, which is refused by name.
    /// </summary>
    public TimeSpan AutoPollInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The automatic 续报 when the incident reaches a new platform or grows (<c>Office:Reports:FollowUp</c>).</summary>
    public FollowUpOptions FollowUp { get; set; } = new();

    public static IReadOnlyList<string> UrgencyWords { get; } = ["特急", "加急", "平急", ""];

    public string UrgencyOf(string kind) => Urgency.GetValueOrDefault(kind) ?? string.Empty;
}

/// <summary>
/// <c>Office:Reports:FollowUp</c>: when a post joining an incident calls for a 续报. Growth is measured against the
/// incident's posts when its last report was drafted; each kind gets at most one 续报 per quiet period (developments in
/// between wait and go into the next one, or into any report drafted meanwhile).
/// </summary>
public sealed class FollowUpOptions
{
    /// <summary>A 续报 when a post from a platform the incident had not reached joins it.</summary>
    public bool NewPlatform { get; set; } = true;

    /// <summary>A 续报 when at least this many posts joined since the last report (0: off).</summary>
    public int GrowthPosts { get; set; } = 50;

    /// <summary>A 续报 when the incident's posts reached this multiple of its posts at the last report (0: off)…</summary>
    public double GrowthFactor { get; set; } = 2.0;

    /// <summary>…and at least this many posts joined (a 2-post incident doubling to 4 is not news).</summary>
    public int GrowthMinPosts { get; set; } = 5;

    /// <summary>
    /// Time after a 续报 for a kind (new platform, growth) before another of that kind (zero: none). Replaces the integer
    /// <c>QuietMinutes</c>, which is refused by name.
    /// </summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Did the posts grow enough since <paramref name="postsThen"/> to call for a 续报?</summary>
    public bool Grew(int postsThen, int postsNow)
    {
        var added = postsNow - postsThen;
        return (GrowthPosts > 0 && added >= GrowthPosts)
            || (GrowthFactor > 0 && added >= GrowthMinPosts && postsNow >= postsThen * GrowthFactor);
    }
}

internal sealed class ReportOptionsValidator(IConfiguration configuration) : IValidateOptions<ReportOptions>
{
    /// <summary>The integer duration keys read before they became time spans.</summary>
    private static readonly Dictionary<string, string> Retired = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AutoPollSeconds"] = "AutoPollInterval",
        ["QuietMinutes"] = "QuietPeriod",
    };

    public ValidateOptionsResult Validate(string? name, ReportOptions options)
    {
        var e = new ConfigErrors();
        const string S = ReportOptions.Section;
        RetiredKeys.Check(configuration.GetSection(S), Retired, e);
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            e.Add($"{S}:Issuer", options.Issuer, "must name the issuing office");
        }

        if (string.IsNullOrWhiteSpace(options.Masthead))
        {
            e.Add($"{S}:Masthead", options.Masthead, "must not be empty");
        }

        foreach (var (kind, word) in options.Urgency)
        {
            if (!ReportKinds.All.Contains(kind))
            {
                e.Add($"{S}:Urgency:{kind}", kind, $"is not a report kind ({string.Join(", ", ReportKinds.All)})");
            }

            if (!ReportOptions.UrgencyWords.Contains(word ?? string.Empty))
            {
                e.Add($"{S}:Urgency:{kind}", word, "must be 特急, 加急, 平急 or empty");
            }
        }

        // Existence is checked at export (ReportService), so that a machine without the font still starts.
        if (string.IsNullOrWhiteSpace(options.FontFile))
        {
            e.Add($"{S}:FontFile", options.FontFile, "must name a CJK font file (Debian: /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc from fonts-wqy-zenhei)");
        }

        e.Between($"{S}:MaxQuoteChars", options.MaxQuoteChars, 20, 2000);
        e.Between($"{S}:TopIncidents", options.TopIncidents, 1, 100);
        e.Between($"{S}:AutoPollInterval", options.AutoPollInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        e.Between($"{S}:MaxPostRefs", options.MaxPostRefs, 1, 1000);
        e.Between($"{S}:MaxIncidentRefs", options.MaxIncidentRefs, 1, 1000);

        var followUp = options.FollowUp ?? new FollowUpOptions();
        if (followUp.GrowthPosts is < 0 or > 1_000_000)
        {
            e.Add($"{S}:FollowUp:GrowthPosts", followUp.GrowthPosts, "must be 0 (off) or between 1 and 1000000");
        }

        if (followUp.GrowthFactor != 0 && followUp.GrowthFactor is < 1.1 or > 100 or double.NaN)
        {
            e.Add($"{S}:FollowUp:GrowthFactor", followUp.GrowthFactor, "must be 0 (off) or between 1.1 and 100");
        }

        e.Between($"{S}:FollowUp:GrowthMinPosts", followUp.GrowthMinPosts, 1, 100_000);
        e.Between($"{S}:FollowUp:QuietPeriod", followUp.QuietPeriod, TimeSpan.Zero, TimeSpan.FromDays(1));

        return e.ToResult();
    }
}
