using SentimentWatch.Host.Tests.Crash;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary>
/// A copy of <c>config/demo</c> in a scratch directory whose data (store, mailbox, exercises) stays in that directory,
/// for tests that run <c>sw demo</c> or <c>sw exercise run</c> in-process as a user would.
/// </summary>
internal sealed record ScratchDemoConfig(string Dir, string Config, string Data)
{
    public static Task<ScratchDemoConfig> CreateAsync(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(dir, "data");
        var config = SwProcess.CopyDemoConfig(Path.Combine(dir, "config"), data);
        return Task.FromResult(new ScratchDemoConfig(dir, config, data));
    }
}
