using System.Runtime.CompilerServices;

namespace SentimentWatch.Classifier.Segmentation;

/// <summary>
/// One shared string per BMP char, created on first use. Single-character tokens (punctuation, particles, HMM
/// singles) are the most common kind, so this removes most of the string allocations of a cut.
/// </summary>
internal static class SingleChars
{
    private static readonly string?[] Cache = new string?[65536];

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static string Get(char c) => Cache[c] ?? Create(c);

    // A race only creates an equal string twice; the last write wins and both are valid.
    private static string Create(char c) => Cache[c] = new string(c, 1);
}
