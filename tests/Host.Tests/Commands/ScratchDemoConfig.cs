using System.Text.Json;
using SentimentWatch.Host.Tests.Crash;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary>
/// A copy of <c>config/demo</c> in a scratch directory whose data (store, mailbox, exercises) stays in that directory,
/// for tests that run <c>sw demo</c> or <c>sw exercise run</c> in-process as a user would.
/// </summary>
internal sealed record ScratchDemoConfig(string Dir, string Config, string Data)
{
    public static async Task<ScratchDemoConfig> CreateAsync(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        var config = Path.Combine(dir, "config");
        Directory.CreateDirectory(Path.Combine(config, "conf.d"));
        var demo = Path.Combine(SwProcess.RepoRoot, "config", "demo");
        File.Copy(Path.Combine(demo, "sentimentwatch.json"), Path.Combine(config, "sentimentwatch.json"));
        foreach (var file in Directory.GetFiles(Path.Combine(demo, "conf.d"), "*.json"))
        {
            File.Copy(file, Path.Combine(config, "conf.d", Path.GetFileName(file)));
        }

        var data = Path.Combine(dir, "data");
        await File.WriteAllTextAsync(Path.Combine(config, "conf.d", "99-test.json"), JsonSerializer.Serialize(new
        {
            Paths = new { Data = data, Models = Path.Combine(SwProcess.RepoRoot, "models") },
            Crawler = new { Profiles = Path.Combine(SwProcess.RepoRoot, "config", "profiles") },
            Logging = new { LogLevel = new { Default = "Warning" } },
        }));
        return new ScratchDemoConfig(dir, config, data);
    }
}
