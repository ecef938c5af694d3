using SentimentWatch.Storage;

namespace SentimentWatch.Testing;

/// <summary>
/// A real SQLite database file in a fresh temp directory, deleted afterwards. Shared by the test projects that need a
/// store (linked into each as source, so no test project depends on another).
/// </summary>
internal sealed class TempDatabase : IDisposable
{
    public TempDatabase()
    {
        Directory = Path.Combine(Path.GetTempPath(), "sw-test-" + Guid.NewGuid().ToString("N"));
        Database = new SqliteDatabase(Path.Combine(Directory, "test.db"));
    }

    public string Directory { get; }

    public SqliteDatabase Database { get; }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
