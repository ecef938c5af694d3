using System.Text.Json;

namespace SentimentWatch.Crawler.Parsing;

/// <summary>
/// A field path into JSON: dotted names with array steps — <c>data.cards[*].mblog</c>, <c>user.screen_name</c>,
/// <c>data[0].id</c> — and alternatives separated by <c>|</c> (all are followed, in order).
/// <c>$query.NAME</c> reads a query parameter of the page URL instead (e.g. the post id of a comments API call).
/// </summary>
internal sealed class JsonFieldPath
{
    private readonly IReadOnlyList<IReadOnlyList<Step>> _alternatives;

    private JsonFieldPath(string text, IReadOnlyList<IReadOnlyList<Step>> alternatives, string? queryParameter)
    {
        Text = text;
        _alternatives = alternatives;
        QueryParameter = queryParameter;
    }

    public string Text { get; }

    /// <summary>Set for <c>$query.NAME</c> paths.</summary>
    public string? QueryParameter { get; }

    private readonly record struct Step(string? Name, int? Index, bool Wildcard);

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

        if (trimmed.StartsWith("$query.", StringComparison.Ordinal))
        {
            var name = trimmed["$query.".Length..];
            if (name.Length == 0)
            {
                error = "names no query parameter after '$query.'";
                return null;
            }

            return new JsonFieldPath(trimmed, [], name);
        }

        var alternatives = new List<IReadOnlyList<Step>>();
        foreach (var alt in trimmed.Split('|'))
        {
            var steps = ParseSteps(alt.Trim(), out error);
            if (steps is null)
            {
                return null;
            }

            alternatives.Add(steps);
        }

        return new JsonFieldPath(trimmed, alternatives, null);
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
                if (inner == "*")
                {
                    steps.Add(new Step(null, null, true));
                }
                else if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    steps.Add(new Step(null, index, false));
                }
                else
                {
                    error = $"has '[{inner}]': only [*] and [N] are understood";
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

    /// <summary>Every value the path reaches from <paramref name="root"/>, in document order per alternative.</summary>
    public IEnumerable<JsonElement> Select(JsonElement root)
    {
        foreach (var steps in _alternatives)
        {
            foreach (var e in Walk(root, steps, 0))
            {
                yield return e;
            }
        }
    }

    /// <summary>The first reached value as text (strings as is, numbers and booleans as written), or null.</summary>
    public string? FirstText(JsonElement root, Uri pageUrl)
    {
        if (QueryParameter is not null)
        {
            return QueryValue(pageUrl, QueryParameter);
        }

        foreach (var e in Select(root))
        {
            var text = ToText(e);
            if (text is not null)
            {
                return text;
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
        if (step.Name is not null)
        {
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(step.Name, out var child))
            {
                foreach (var e in Walk(child, steps, at + 1))
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
