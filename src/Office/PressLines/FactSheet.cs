using System.Globalization;
using System.Text;
using SentimentWatch.Office.Facts;

namespace SentimentWatch.Office.PressLines;

/// <summary>One fact a press line may use: its value when verified (else null: shown 【待补充】) and where it comes from.</summary>
/// <param name="Sources">
/// The records that support it, in the reports' one reference format (<see cref="SourceRef"/>: <c>post:17</c>,
/// <c>alert:4</c>, <c>action:5/12</c>, <c>config:Office:PressLines:Hotline</c>…), resolved by the same
/// <see cref="ReferenceResolver"/>; empty for a fact with no verified value.
/// </param>
public sealed record PressLineFact(string Name, string Description, string? Value, IReadOnlyList<SourceRef> Sources);

/// <summary>The facts of one incident, by name (<c>incident.title</c>): the only names a template may use.</summary>
public sealed class FactSheet
{
    /// <summary>What a missing fact shows: a visible blank, never a guess.</summary>
    public const string Blank = "【待补充】";

    /// <summary>Every fact name a template may reference, with what it means.</summary>
    public static IReadOnlyDictionary<string, string> Catalogue { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["incident.id"] = "事件编号",
        ["incident.title"] = "事件标题（首发帖摘要）",
        ["incident.label"] = "事件类别（研判员确认后）",
        ["incident.level"] = "响应级别（值班人员签收后）",
        ["incident.first_seen"] = "首发时间（北京时间）",
        ["incident.first_platform"] = "首发平台",
        ["incident.platforms"] = "涉及平台",
        ["incident.post_count"] = "相关信息条数",
        ["incident.sites"] = "涉及考点",
        ["exam.name"] = "考试名称",
        ["office.name"] = "发布单位",
        ["office.hotline"] = "举报电话",
        ["police.handed_over"] = "移交公安时间",
        ["evidence.packets"] = "已固定证据份数",
        ["takedown.removed"] = "已确认删除的帖子数",
        ["today"] = "发布日期",
    };

    private readonly Dictionary<string, PressLineFact> _facts;

    public FactSheet(IEnumerable<PressLineFact> facts)
    {
        _facts = facts.ToDictionary(f => f.Name, StringComparer.Ordinal);
        foreach (var (name, description) in Catalogue.Where(c => !_facts.ContainsKey(c.Key)))
        {
            _facts[name] = new PressLineFact(name, description, null, []);
        }
    }

    public IReadOnlyList<PressLineFact> All => Catalogue.Keys.Select(k => _facts[k]).ToList();

    /// <summary>The value shown for <paramref name="name"/>: the verified value, else <see cref="Blank"/>.</summary>
    public string Show(string name) => _facts.TryGetValue(name, out var f) && !string.IsNullOrWhiteSpace(f.Value) ? f.Value : Blank;

    /// <summary>
    /// The facts a text used, one per line, <c>name = value ⟨kind:id; kind:id⟩</c> (⟨—⟩ for a blank): kept with every
    /// version so its statements trace back; <see cref="References"/> reads the references back for checking.
    /// </summary>
    public string Describe(IEnumerable<string> used)
    {
        var text = new StringBuilder();
        foreach (var name in used.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var f = _facts[name];
            var sources = f.Value is null || f.Sources.Count == 0 ? "—" : string.Join(Separator, f.Sources.Select(s => s.Key));
            text.Append(CultureInfo.InvariantCulture, $"{name} = {Show(name)} ⟨{sources}⟩").Append('\n');
        }

        return text.ToString();
    }

    private const string Separator = "; ";

    /// <summary>
    /// The references of a stored version's facts (<see cref="Describe"/>'s text), for <see cref="ReferenceResolver"/>.
    /// A reference that names no known kind comes back as it is (kind empty), so a check reports it as dangling.
    /// </summary>
    public static IReadOnlyList<SourceRef> References(string describedFacts)
    {
        var list = new List<SourceRef>();
        foreach (var line in (describedFacts ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var open = line.LastIndexOf('⟨');
            var close = line.LastIndexOf('⟩');
            if (open < 0 || close < open || line[(open + 1)..close] is "—" or "")
            {
                continue;
            }

            foreach (var key in line[(open + 1)..close].Split(Separator, StringSplitOptions.RemoveEmptyEntries))
            {
                list.Add(SourceRef.FromKey(key) ?? new SourceRef(string.Empty, key, null, key));
            }
        }

        return [.. list.DistinctBy(r => r.Key)];
    }

    /// <summary>The model handed to Liquid: nested dictionaries keyed by the parts of each name.</summary>
    internal Dictionary<string, object> Model()
    {
        var root = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var name in Catalogue.Keys)
        {
            var parts = name.Split('.');
            var node = root;
            for (var i = 0; i < parts.Length - 1; i++)
            {
                if (!node.TryGetValue(parts[i], out var child))
                {
                    child = new Dictionary<string, object>(StringComparer.Ordinal);
                    node[parts[i]] = child;
                }

                node = (Dictionary<string, object>)child;
            }

            node[parts[^1]] = Show(name);
        }

        return root;
    }
}
