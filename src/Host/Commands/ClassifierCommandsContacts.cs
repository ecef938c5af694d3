using System.Globalization;
using System.Text;
using System.Text.Json;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Host.Commands;

/// <summary>
/// <c>sw evaluate --contacts FILE</c>: scores contact extraction against a gold JSONL file whose lines are
/// <c>{"text": ..., "contacts": [{"kind": ..., "value": ...}]}</c> (an empty list means the text must yield nothing).
/// Each line is compared as a multiset of (kind, normalised value) pairs: a found pair that matches a gold pair is a
/// true positive, an unmatched found pair a false positive of its kind, an unmatched gold pair a false negative of its kind.
/// Offsets are not compared: the value is what reaches an investigator. Both sides are compared after the canonical
/// rules the gold sets are written to (<see cref="Canonical"/>), so a gold writer's "@Handle" and the extractor's
/// "handle" are the same contact.
/// </summary>
internal static class ContactEvaluation
{
    /// <summary>The kinds the extractor emits, in the order they are printed.</summary>
    public static readonly IReadOnlyList<string> Kinds = ["qq", "qq_group", "wechat", "mobile", "landline", "hotline", "telegram", "url", "email"];

    /// <summary>
    /// The value as the gold sets write it: digits only for qq, qq_group, mobile, landline and hotline (full-width
    /// digits folded); lower case without a leading @ for wechat and telegram; lower case for email; for url
    /// full-width folded, trailing punctuation dropped, scheme and host lower case, the path as typed.
    /// </summary>
    public static string Canonical(string kind, string value)
    {
        var v = Fold(value.Trim());
        return kind switch
        {
            "qq" or "qq_group" or "mobile" or "landline" or "hotline" => new string(v.Where(char.IsAsciiDigit).ToArray()),
            "wechat" or "telegram" => v.TrimStart('@').ToLowerInvariant(),
            "email" => v.ToLowerInvariant(),
            "url" => CanonicalUrl(v),
            _ => v,
        };
    }

    private static string Fold(string value) => string.Create(value.Length, value, static (span, v) =>
    {
        for (var i = 0; i < v.Length; i++)
        {
            span[i] = v[i] is >= '\uFF01' and <= '\uFF5E' ? (char)(v[i] - 0xFEE0) : v[i];
        }
    });

    private static string CanonicalUrl(string v)
    {
        v = v.TrimEnd('.', ',', ';', ':', '!', '?', ')', ']', '\'', '"', '。', '，', '；', '！', '？', '）', '、');
        var schemeEnd = v.IndexOf("://", StringComparison.Ordinal);
        var hostStart = schemeEnd < 0 ? 0 : schemeEnd + 3;
        var pathStart = v.IndexOfAny(['/', '?', '#'], hostStart);
        return pathStart < 0 ? v.ToLowerInvariant() : v[..pathStart].ToLowerInvariant() + v[pathStart..];
    }

    public sealed record KindScore(string Kind, int TruePositives, int FalsePositives, int FalseNegatives)
    {
        public int Support => TruePositives + FalseNegatives;

        // No prediction and nothing to find is perfect, not undefined: a decoy-only file must not score 0.
        public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

        public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

        public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
    }

    /// <summary>One gold line the extractor got wrong: what it missed and what it added.</summary>
    public sealed record Difference(int Line, string Text, IReadOnlyList<string> Missed, IReadOnlyList<string> Extra);

    public sealed record Report(
        IReadOnlyList<KindScore> PerKind, KindScore Overall, int Lines, int DecoyLines, IReadOnlyList<Difference> Differences, IReadOnlyList<string> Errors);

    /// <summary>Reads <paramref name="path"/> (every unusable line reported, never the first only) and scores <paramref name="extract"/> on it.</summary>
    public static Report Evaluate(string path, Func<string, IReadOnlyList<Contact>> extract)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Contact gold file '{path}' does not exist", path);
        }

        var tp = new Dictionary<string, int>(StringComparer.Ordinal);
        var fp = new Dictionary<string, int>(StringComparer.Ordinal);
        var fn = new Dictionary<string, int>(StringComparer.Ordinal);
        var differences = new List<Difference>();
        var errors = new List<string>();
        var lines = 0;
        var decoys = 0;
        var n = 0;
        foreach (var line in File.ReadLines(path))
        {
            n++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!TryParse(line, out var text, out var gold, out var error))
            {
                errors.Add($"line {n}: {error}");
                continue;
            }

            lines++;
            decoys += gold.Count == 0 ? 1 : 0;
            var found = extract(text).Select(c => (c.Kind, Value: Canonical(c.Kind, c.Value))).ToList();
            var missed = new List<string>();
            foreach (var g in gold)
            {
                if (found.Remove(g))
                {
                    Bump(tp, g.Kind);
                }
                else
                {
                    Bump(fn, g.Kind);
                    missed.Add($"{g.Kind}:{g.Value}");
                }
            }

            foreach (var extra in found)
            {
                Bump(fp, extra.Kind);
            }

            if (missed.Count > 0 || found.Count > 0)
            {
                differences.Add(new Difference(n, text, missed, found.Select(f => $"{f.Kind}:{f.Value}").ToList()));
            }
        }

        // Kinds outside the known list (a new extractor kind, a typo in the gold file) are still scored, after the known ones.
        var kinds = Kinds.Concat(tp.Keys.Concat(fp.Keys).Concat(fn.Keys).Where(k => !Kinds.Contains(k)).Distinct().Order(StringComparer.Ordinal));
        var perKind = kinds.Select(k => new KindScore(k, tp.GetValueOrDefault(k), fp.GetValueOrDefault(k), fn.GetValueOrDefault(k))).ToList();
        var overall = new KindScore("all", perKind.Sum(s => s.TruePositives), perKind.Sum(s => s.FalsePositives), perKind.Sum(s => s.FalseNegatives));
        return new Report(perKind, overall, lines, decoys, differences, errors);
    }

    public static string Format(string name, Report report)
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(ci, $"{name}: {report.Lines} lines ({report.DecoyLines} without any contact), {report.Overall.Support} gold contacts; contact F1 {report.Overall.F1:0.000} (P {report.Overall.Precision:0.000}, R {report.Overall.Recall:0.000})");
        sb.AppendLine("  kind            precision    recall        F1   support   found  missed   extra");
        foreach (var s in report.PerKind.Append(report.Overall))
        {
            sb.AppendLine(ci, $"  {s.Kind,-14} {s.Precision,10:0.000} {s.Recall,9:0.000} {s.F1,9:0.000} {s.Support,9} {s.TruePositives + s.FalsePositives,7} {s.FalseNegatives,7} {s.FalsePositives,7}");
        }

        if (report.Differences.Count > 0)
        {
            sb.AppendLine(ci, $"  {report.Differences.Count} line(s) differ from the gold contacts:");
            foreach (var d in report.Differences)
            {
                sb.AppendLine(ci, $"    line {d.Line}: {d.Text}");
                sb.AppendLine(ci, $"      missed [{string.Join(", ", d.Missed)}] extra [{string.Join(", ", d.Extra)}]");
            }
        }

        return sb.ToString();
    }

    private static bool TryParse(string line, out string text, out List<(string Kind, string Value)> gold, out string error)
    {
        text = "";
        gold = [];
        error = "";
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "not a JSON object";
                return false;
            }

            if (!root.TryGetProperty("text", out var t) || t.ValueKind != JsonValueKind.String)
            {
                error = "field 'text' is missing or not a string";
                return false;
            }

            if (!root.TryGetProperty("contacts", out var cs) || cs.ValueKind != JsonValueKind.Array)
            {
                error = "field 'contacts' is missing or not an array";
                return false;
            }

            foreach (var c in cs.EnumerateArray())
            {
                if (c.ValueKind != JsonValueKind.Object
                    || !c.TryGetProperty("kind", out var k) || k.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(k.GetString())
                    || !c.TryGetProperty("value", out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(v.GetString()))
                {
                    error = "every contact needs a non-empty string 'kind' and 'value'";
                    return false;
                }

                gold.Add((k.GetString()!, Canonical(k.GetString()!, v.GetString()!)));
            }

            text = t.GetString()!;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"invalid JSON ({ex.Message})";
            return false;
        }
    }

    private static void Bump(Dictionary<string, int> counts, string kind) => counts[kind] = counts.GetValueOrDefault(kind) + 1;
}
