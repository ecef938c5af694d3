using System.Text.Json;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// A field path into JSON: dotted names with array steps — <c>data.cards[*].mblog</c>, <c>user.screen_name</c>,
/// <c>data[0].id</c> — and alternatives separated by <c>|</c> (all are followed, in order).
/// <c>$query.NAME</c> (as a whole path or one alternative) reads a query parameter of the page URL instead (e.g. the post
/// id of a comments API call); <c>[?name]</c> keeps only objects that have a non-null <c>name</c>; <c>[*]</c> on an object
/// walks its values.
/// </summary>
internal sealed class JsonFieldPath
{
    private readonly IReadOnlyList<Alternative> _alternatives;

    private JsonFieldPath(string text, IReadOnlyList<Alternative> alternatives)
    {
        Text = text;
        _alternatives = alternatives;
    }

    public string Text { get; }

    /// <summary>One alternative: either steps into the document or a query parameter of the page URL.</summary>
    private sealed record Alternative(IReadOnlyList<Step> Steps, string? QueryParameter);

    /// <summary>A name, an index, a wildcard, or a filter (<c>[?name]</c>: objects that have a non-null <c>name</c>).</summary>
    private readonly record struct Step(string? Name, int? Index, bool Wildcard, string? Filter = null);

    /// <summary>Parses <paramref name="text"/>, or returns null with <paramref name="error"/> saying what is wrong.</summary>
    public static JsonFieldPath? TryParse(string text, out string? error)
    {
        error = null;
        var trimmed = text.Trim();
        if (trimmed.Length == 0)
        {
            error = "is empty";
            return null;
        }

        var alternatives = new List<Alternative>();
        foreach (var raw in trimmed.Split('|'))
        {
            var alt = raw.Trim();
            if (alt.StartsWith("$query.", StringComparison.Ordinal) || alt == "$query")
            {
                var name = alt.Length > "$query.".Length ? alt["$query.".Length..] : "";
                if (name.Length == 0)
                {
                    error = "names no query parameter after '$query.'";
                    return null;
                }

                alternatives.Add(new Alternative([], name));
                continue;
            }

            var steps = ParseSteps(alt, out error);
            if (steps is null)
            {
                return null;
            }

            alternatives.Add(new Alternative(steps, null));
        }

        return new JsonFieldPath(trimmed, alternatives);
    }

    public static JsonFieldPath Parse(string text) =>
        TryParse(text, out var error) ?? throw new FormatException($"JSON path '{text}' {error}");

    private static List<Step>? ParseSteps(string s, out string? error)
    {
        error = null;
        var steps = new List<Step>();
        if (s.Length == 0)
        {
            error = "has an empty alternative";
            return null;
        }

        var i = 0;
        while (i < s.Length)
        {
            if (s[i] == '.')
            {
                if (i == 0 || i == s.Length - 1 || s[i + 1] == '.')
                {
                    error = $"has an empty name at position {i}";
                    return null;
                }

                i++;
                continue;
            }

            if (s[i] == '[')
            {
                var close = s.IndexOf(']', i);
                if (close < 0)
                {
                    error = $"has '[' without ']' at position {i}";
                    return null;
                }

                var inner = s[(i + 1)..close].Trim();
                if (inner.StartsWith('?') && inner.Length > 1)
                {
                    steps.Add(new Step(null, null, false, inner[1..].Trim()));
                }
                else if (inner == "*")
                {
                    steps.Add(new Step(null, null, true));
                }
                else if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    steps.Add(new Step(null, index, false));
                }
                else
                {
                    error = $"has '[{inner}]': only [*], [N] and [?name] are understood";
                    return null;
                }

                i = close + 1;
                continue;
            }

            var end = i;
            while (end < s.Length && s[end] != '.' && s[end] != '[')
            {
                if (s[end] == ']' || char.IsWhiteSpace(s[end]))
                {
                    error = $"has an unexpected '{s[end]}' at position {end}";
                    return null;
                }

                end++;
            }

            steps.Add(new Step(s[i..end], null, false));
            i = end;
        }

        return steps;
    }

    /// <summary>Every value the path reaches from <paramref name="root"/>, in document order per alternative (query alternatives reach nothing here).</summary>
    public IEnumerable<JsonElement> Select(JsonElement root)
    {
        foreach (var alt in _alternatives)
        {
            if (alt.QueryParameter is not null)
            {
                continue;
            }

            foreach (var e in Walk(root, alt.Steps, 0))
            {
                yield return e;
            }
        }
    }

    /// <summary>The first value any alternative reaches, as text (strings as is, numbers and booleans as written), or null.</summary>
    public string? FirstText(JsonElement root, Uri pageUrl)
    {
        foreach (var alt in _alternatives)
        {
            if (alt.QueryParameter is not null)
            {
                if (QueryValue(pageUrl, alt.QueryParameter) is { Length: > 0 } q)
                {
                    return q;
                }

                continue;
            }

            foreach (var e in Walk(root, alt.Steps, 0))
            {
                var text = ToText(e);
                if (text is not null)
                {
                    return text;
                }
            }
        }

        return null;
    }

    public static string? ToText(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        JsonValueKind.Object or JsonValueKind.Array => e.GetRawText(),
        _ => null,
    };

    internal static string? QueryValue(Uri url, string name)
    {
        var query = url.Query;
        if (query.Length <= 1)
        {
            return null;
        }

        foreach (var pair in query[1..].Split('&'))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString((eq < 0 ? pair : pair[..eq]).Replace('+', ' '));
            if (string.Equals(key, name, StringComparison.Ordinal))
            {
                return eq < 0 ? "" : Uri.UnescapeDataString(pair[(eq + 1)..].Replace('+', ' '));
            }
        }

        return null;
    }

    private static IEnumerable<JsonElement> Walk(JsonElement current, IReadOnlyList<Step> steps, int at)
    {
        if (at == steps.Count)
        {
            yield return current;
            yield break;
        }

        var step = steps[at];
        if (step.Filter is not null)
        {
            var candidates = current.ValueKind == JsonValueKind.Array ? current.EnumerateArray().ToList() : [current];
            foreach (var c in candidates)
            {
                if (c.ValueKind == JsonValueKind.Object && c.TryGetProperty(step.Filter, out var v) && v.ValueKind != JsonValueKind.Null)
                {
                    foreach (var e in Walk(c, steps, at + 1))
                    {
                        yield return e;
                    }
                }
            }
        }
        else if (step.Name is not null)
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(step.Name, out var child))
            {
                foreach (var e in Walk(child, steps, at + 1))
                {
                    yield return e;
                }
            }
        }
        else if (current.ValueKind == JsonValueKind.Object && step.Wildcard)
        {
            // An object keyed by id (NetEase's "comments": {"123": {...}}): [*] walks its values in order.
            foreach (var property in current.EnumerateObject())
            {
                foreach (var e in Walk(property.Value, steps, at + 1))
                {
                    yield return e;
                }
            }
        }
        else if (current.ValueKind == JsonValueKind.Array)
        {
            if (step.Wildcard)
            {
                foreach (var item in current.EnumerateArray())
                {
                    foreach (var e in Walk(item, steps, at + 1))
                    {
                        yield return e;
                    }
                }
            }
            else if (step.Index is { } index && index < current.GetArrayLength())
            {
                foreach (var e in Walk(current[index], steps, at + 1))
                {
                    yield return e;
                }
            }
        }
    }
}
