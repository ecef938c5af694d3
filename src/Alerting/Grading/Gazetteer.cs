using Microsoft.Extensions.Options;

namespace SentimentWatch.Alerting.Grading;

/// <summary>Finds exam-site mentions in text. Longest names are tried first so "泉州一中" does not shadow "泉州一中分校".</summary>
public sealed class Gazetteer
{
    private readonly IReadOnlyList<(string Name, ExamSiteOptions Site)> _names;

    public Gazetteer(IOptions<GazetteerOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _names = options.Value.Sites
            .SelectMany(s => s.Aliases.Append(s.Name).Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => (n.Trim(), s)))
            .OrderByDescending(t => t.Item1.Length)
            .ToList();
    }

    /// <summary>Ids of the sites named in <paramref name="text"/>, in order of first appearance, each once.</summary>
    public IReadOnlyList<string> Find(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var hits = new List<(int Pos, string Id)>();
        var taken = new bool[text.Length];
        foreach (var (name, site) in _names)
        {
            var from = 0;
            while (from < text.Length && text.IndexOf(name, from, StringComparison.Ordinal) is var pos and >= 0)
            {
                if (!taken[pos])
                {
                    hits.Add((pos, site.Id));
                    for (var i = pos; i < pos + name.Length; i++)
                    {
                        taken[i] = true;
                    }
                }

                from = pos + name.Length;
            }
        }

        return hits.OrderBy(h => h.Pos).Select(h => h.Id).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The configured site with <paramref name="id"/>, or null.</summary>
    public ExamSiteOptions? Get(string id) => _names.Select(n => n.Site).FirstOrDefault(s => s.Id == id);
}
