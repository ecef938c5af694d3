namespace SentimentWatch.Testing;

/// <summary>The repository checkout the tests run from (the folder holding <c>SentimentWatch.sln</c>), found once.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SentimentWatch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (SentimentWatch.sln) not found above " + AppContext.BaseDirectory);
    }
}
