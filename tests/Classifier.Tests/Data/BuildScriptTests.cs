using System.Diagnostics;
using System.Text.Json;

namespace SentimentWatch.Classifier.Tests.Data;

/// <summary>
/// Drives models/training/tools/build.py on a throw-away sources tree: the <c>at:</c> note syntax for publication
/// times, alone or next to a hard-negative note, from a line or from <c>#! default</c>, and its validation.
/// </summary>
public sealed class BuildScriptTests
{
    [PythonFact]
    public void Build_AtNotes_WritesPublishedAtAndKeepsTheOtherNote()
    {
        var root = Tree(
            ("leak/t.txt", """
                qq 卷一第8题表见代理那题，选项B对吗 @@ at:2025-09-13T12:10+08:00
                """),
            ("normal/t.txt", """
                #! default hn:after at:2025-09-28T20:00+08:00
                qq 卷一第8题表见代理，选项B到底对不对，翻了教材 @@ at:2025-09-29T21:00Z
                wb 第31题船舶优先权，查了海商法第22条应该是C
                tb 考点门口排队的人好多，记得带伞 @@ at:2025-09-13T07:30+08:00 hn:style
                wb 没有时间的普通帖子，复习刑法总论
                """));

        var (exit, _, stderr) = Run(root);

        Assert.True(exit == 0, stderr);
        var rows = File.ReadLines(Path.Combine(root, "train.jsonl")).Concat(File.ReadLines(Path.Combine(root, "test.jsonl")))
            .Select(l => JsonDocument.Parse(l).RootElement).ToDictionary(e => e.GetProperty("text").GetString()!);
        Assert.Equal("2025-09-13T12:10:00+08:00", rows["卷一第8题表见代理那题，选项B对吗"].GetProperty("published_at").GetString());
        var own = rows["卷一第8题表见代理，选项B到底对不对，翻了教材"];
        Assert.Equal("2025-09-29T21:00:00+00:00", own.GetProperty("published_at").GetString());
        Assert.Equal("hard_negative: post_exam_discussion", own.GetProperty("notes").GetString());
        Assert.Equal("2025-09-28T20:00:00+08:00", rows["第31题船舶优先权，查了海商法第22条应该是C"].GetProperty("published_at").GetString());
        var chatter = rows["考点门口排队的人好多，记得带伞"];
        Assert.Equal("2025-09-13T07:30:00+08:00", chatter.GetProperty("published_at").GetString());
        Assert.Equal("hard_negative: evasive_style", chatter.GetProperty("notes").GetString());
        Assert.Equal("2025-09-28T20:00:00+08:00", rows["没有时间的普通帖子，复习刑法总论"].GetProperty("published_at").GetString());
    }

    [PythonFact]
    public void Build_UntimedSources_NoPublishedAtField()
    {
        var root = Tree(("leak/t.txt", "qq 卷一第8题表见代理那题，选项B对吗\n"));

        var (exit, _, stderr) = Run(root);

        Assert.True(exit == 0, stderr);
        var line = File.ReadLines(Path.Combine(root, "train.jsonl")).Concat(File.ReadLines(Path.Combine(root, "test.jsonl"))).Single();
        Assert.False(JsonDocument.Parse(line).RootElement.TryGetProperty("published_at", out _));
    }

    [PythonFact]
    public void Build_BadTimes_FailsNamingEachLineAndWritesNothing()
    {
        var root = Tree(("leak/t.txt", """
            qq 卷一第8题表见代理那题，选项B对吗 @@ at:2025-09-13T12:10
            qq 卷二第15题自首的认定，答案是A吧 @@ at:2025-02-30T12:10+08:00
            qq 卷二第6题正当防卫的题干 @@ at:2025-09-13T12:10+08:00 at:2025-09-14T12:10+08:00
            #! default at:yesterday
            """));

        var (exit, _, stderr) = Run(root);

        Assert.Equal(1, exit);
        Assert.Contains("leak/t.txt:1: '2025-09-13T12:10' is not an ISO 8601 time with offset", stderr, StringComparison.Ordinal);
        Assert.Contains("leak/t.txt:2: '2025-02-30T12:10+08:00' is not an ISO 8601 time with offset", stderr, StringComparison.Ordinal);
        Assert.Contains("leak/t.txt:3: more than one at: time", stderr, StringComparison.Ordinal);
        Assert.Contains("leak/t.txt:4: 'yesterday' is not an ISO 8601 time with offset", stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(root, "train.jsonl")));
    }

    /// <summary>A copy of build.py in tools/ next to a sources/ tree of the given files (label folder / file name).</summary>
    private static string Tree(params (string Path, string Text)[] files)
    {
        var root = Directory.CreateTempSubdirectory("sw-build-").FullName;
        Directory.CreateDirectory(Path.Combine(root, "tools"));
        File.Copy(Path.Combine(Some.RepoRoot, "models", "training", "tools", "build.py"), Path.Combine(root, "tools", "build.py"));
        foreach (var (path, text) in files)
        {
            var full = Path.Combine(root, "sources", path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, text + "\n");
        }

        return root;
    }

    private static (int Exit, string Stdout, string Stderr) Run(string root)
    {
        var psi = new ProcessStartInfo("python3", [Path.Combine(root, "tools", "build.py")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
            StandardErrorEncoding = System.Text.Encoding.UTF8,
        };
        psi.Environment["PYTHONIOENCODING"] = "utf-8";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }
}

/// <summary>A fact that runs python3; skipped, with the reason shown, when python3 is not on PATH.</summary>
internal sealed class PythonFactAttribute : FactAttribute
{
    public PythonFactAttribute()
    {
        var found = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(dir => dir.Length > 0 && File.Exists(Path.Combine(dir, "python3")));
        if (!found)
        {
            Skip = "python3 not found on PATH (models/training/tools/build.py needs it; Debian package python3, see .ci/deps/classifier.apt)";
        }
    }
}
