using System.Globalization;

namespace SentimentWatch.Benchmarks;

/// <summary>Reads <c>--name value</c> options of a benchmark's arguments.</summary>
internal static class BenchmarkArgs
{
    /// <summary>The value after <paramref name="name"/>, or null when the option is absent or last.</summary>
    public static string? String(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The integer after <paramref name="name"/>, or <paramref name="fallback"/> when absent or not an integer.</summary>
    public static int Int(string[] args, string name, int fallback) =>
        String(args, name) is { } v && int.TryParse(v, CultureInfo.InvariantCulture, out var n) ? n : fallback;
}
