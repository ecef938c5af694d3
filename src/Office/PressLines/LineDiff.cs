namespace SentimentWatch.Office.PressLines;

/// <summary>One line of a diff: kept (<c>' '</c>), removed (<c>'-'</c>) or added (<c>'+'</c>).</summary>
public sealed record DiffLine(char Op, string Text);

/// <summary>A line diff between two versions (longest common subsequence; texts are a page, not a book).</summary>
public static class LineDiff
{
    public static IReadOnlyList<DiffLine> Compute(string before, string after)
    {
        var a = Split(before);
        var b = Split(after);
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var diff = new List<DiffLine>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                diff.Add(new DiffLine(' ', a[x++]));
                y++;
            }
            else if (y < b.Length && (x == a.Length || lcs[x, y + 1] >= lcs[x + 1, y]))
            {
                diff.Add(new DiffLine('+', b[y++]));
            }
            else
            {
                diff.Add(new DiffLine('-', a[x++]));
            }
        }

        return diff;
    }

    private static string[] Split(string text) => text.Length == 0 ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
