using System.Text;
using System.Text.RegularExpressions;

namespace SentimentWatch.Core.Tests.Tree;

/// <summary>
/// Reads C# source as text and lists the types it declares (top-level and nested), so a test can hold the tree to one
/// type per simple name. Comments and string literals are blanked first, so a <c>class X</c> in a doc comment or a
/// template never counts; <c>partial</c> declarations are left out, because one type written in several files (or one
/// <c>static partial class Log</c> per assembly for the logging generator) is meant to repeat.
/// </summary>
internal static partial class TypeNames
{
    /// <summary>One declaration: the simple name (no namespace, no generic arity) and where it stands.</summary>
    public sealed record Declaration(string Name, string File, int Line);

    /// <summary>Every non-partial type declared in the <c>.cs</c> files below <paramref name="root"/> (bin/ and obj/ skipped).</summary>
    public static IReadOnlyList<Declaration> Declared(string root)
    {
        var found = new List<Declaration>();
        var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var code = BlankCommentsAndStrings(File.ReadAllText(file));
            foreach (Match m in DeclarationPattern().Matches(code))
            {
                if (m.Groups["mods"].Value.Split(' ', '\t', '\r', '\n').Contains("partial"))
                {
                    continue;
                }

                var line = 1 + code.AsSpan(0, m.Groups["name"].Index).Count('\n');
                found.Add(new Declaration(m.Groups["name"].Value, Path.GetRelativePath(root, file).Replace('\\', '/'), line));
            }
        }

        return found;
    }

    /// <summary>The simple names declared more than once, each with every place that declares it.</summary>
    public static IReadOnlyList<IGrouping<string, Declaration>> Repeated(IEnumerable<Declaration> declared) =>
        declared.GroupBy(d => d.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).OrderBy(g => g.Key, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The code with every comment and every string or character literal replaced by spaces (line breaks kept, so line
    /// numbers still hold). Interpolation holes are blanked with their string; that loses no declaration.
    /// </summary>
    internal static string BlankCommentsAndStrings(string code)
    {
        var s = new StringBuilder(code);
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var next = i + 1 < s.Length ? s[i + 1] : '\0';
            if (c == '/' && next == '/')
            {
                i = BlankUntil(s, i, j => s[j] == '\n', 0);
            }
            else if (c == '/' && next == '*')
            {
                i = BlankUntil(s, i + 2, j => s[j] == '*' && j + 1 < s.Length && s[j + 1] == '/', 2, from: i);
            }
            else if (c == '"' && next == '"' && i + 2 < s.Length && s[i + 2] == '"')
            {
                var quotes = 0;
                while (i + quotes < s.Length && s[i + quotes] == '"')
                {
                    quotes++;
                }

                var close = code.IndexOf(new string('"', quotes), i + quotes, StringComparison.Ordinal);
                i = Blank(s, i, close < 0 ? s.Length : close + quotes);
            }
            else if (c == '@' && next == '"' || c == '$' && next == '@' || c == '@' && next == '$')
            {
                var open = code.IndexOf('"', i);
                var j = open + 1;
                while (j < s.Length && !(s[j] == '"' && (j + 1 >= s.Length || s[j + 1] != '"')))
                {
                    j += s[j] == '"' ? 2 : 1;
                }

                i = Blank(s, i, Math.Min(s.Length, j + 1));
            }
            else if (c == '"' || c == '\'')
            {
                var j = i + 1;
                while (j < s.Length && s[j] != c && s[j] != '\n')
                {
                    j += s[j] == '\\' ? 2 : 1;
                }

                i = Blank(s, i, Math.Min(s.Length, j + 1));
            }
            else
            {
                i++;
            }
        }

        return s.ToString();
    }

    private static int BlankUntil(StringBuilder s, int start, Func<int, bool> end, int endLength, int? from = null)
    {
        var j = start;
        while (j < s.Length && !end(j))
        {
            j++;
        }

        return Blank(s, from ?? start, Math.Min(s.Length, j + endLength));
    }

    private static int Blank(StringBuilder s, int from, int to)
    {
        for (var k = from; k < to; k++)
        {
            if (s[k] != '\n')
            {
                s[k] = ' ';
            }
        }

        return to;
    }

    // Modifiers, the kind, the name, then what may follow a type's name in its declaration: a type parameter list, a
    // primary constructor, a base list, a body, a constraint or the ';' of a record. That last part, and the
    // keywords refused as a name, keep `foreach (var record in …)`, `record with { … }` and `where T : class, new()` from counting.
    [GeneratedRegex(@"(?<mods>(?:\b(?:public|internal|private|protected|static|sealed|abstract|readonly|partial|file|unsafe|new|ref)\s+)*)\b(?:record\s+struct|record\s+class|record|class|struct|interface|enum)\s+(?!(?:with|in|is|as|and|or|not|when)\b)(?<name>[A-Za-z_][A-Za-z0-9_]*)(?=\s*(?:[<({:;]|where\b))", RegexOptions.CultureInvariant)]
    private static partial Regex DeclarationPattern();
}
