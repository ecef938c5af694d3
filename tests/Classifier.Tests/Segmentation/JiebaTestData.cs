using SentimentWatch.Classifier.Segmentation;
using SentimentWatch.Testing;

namespace SentimentWatch.Classifier.Tests.Segmentation;

/// <summary>Locations of the shipped models and of the parity kit, and one shared bare segmenter.</summary>
internal static class JiebaTestData
{
    private static readonly Lazy<JiebaSegmenter> SharedBare = new(() => LoadBare());

    /// <summary>The repository root (the folder holding SentimentWatch.sln).</summary>
    public static string RepoRoot => RepoPaths.Root;

    public static string ModelDir => Path.Combine(RepoRoot, "models", "jieba");

    public static string DomainDictionary => Path.Combine(RepoRoot, "models", "userdict", "domain.txt");

    public static string Fixture(string name) => Path.Combine(RepoRoot, "tests", "Classifier.Tests", "Segmentation", "Fixtures", name);

    /// <summary>
    /// The jieba parity kit: <c>$SW_JIEBA_KIT</c>, else <c>shared/jieba</c> in the nearest folder above the
    /// repository root (CI provides <c>../shared/jieba</c>); null when absent.
    /// </summary>
    public static string? KitDir { get; } = FindKit();

    /// <summary>A segmenter with jieba's data only; never mutate it (tests that edit load their own).</summary>
    public static JiebaSegmenter Bare => SharedBare.Value;

    public static JiebaSegmenter LoadBare() => JiebaSegmenter.LoadFromDirectory(ModelDir);

    private static string? FindKit()
    {
        var env = Environment.GetEnvironmentVariable("SW_JIEBA_KIT");
        if (!string.IsNullOrEmpty(env))
        {
            return File.Exists(Path.Combine(env, "corpus", "dev.jsonl")) ? env : null;
        }

        // ../shared/jieba next to the checkout; a git worktree nested one level deeper finds it further up.
        for (var dir = Directory.GetParent(RepoRoot); dir is not null; dir = dir.Parent)
        {
            var kit = Path.Combine(dir.FullName, "shared", "jieba");
            if (File.Exists(Path.Combine(kit, "corpus", "dev.jsonl")))
            {
                return kit;
            }
        }

        return null;
    }
}

/// <summary>A fact that needs the jieba parity kit; skipped, with the reason shown, when the kit is absent.</summary>
internal sealed class KitFactAttribute : FactAttribute
{
    public KitFactAttribute()
    {
        if (JiebaTestData.KitDir is null)
        {
            Skip = "jieba parity kit not found (set SW_JIEBA_KIT or provide shared/jieba beside the repository, e.g. ../shared/jieba)";
        }
    }
}
