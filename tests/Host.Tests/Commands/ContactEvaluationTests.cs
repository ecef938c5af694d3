using System.Diagnostics;
using SentimentWatch.Core.Classification;
using SentimentWatch.Host.Commands;
using SentimentWatch.Host.Tests.Crash;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary><c>sw evaluate --contacts</c>: per-kind precision/recall/F1 of contact extraction against a gold file.</summary>
public sealed class ContactEvaluationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sw-contacts-eval-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Evaluate_MissedExtraAndDecoyLines_CountsEachAgainstItsKind()
    {
        var gold = Write(
            """{"text": "a", "contacts": [{"kind": "qq", "value": "123456"}, {"kind": "wechat", "value": "fk_abc"}]}""",
            """{"text": "b", "contacts": [{"kind": "mobile", "value": "13900001234"}]}""",
            """{"text": "c", "contacts": []}""",
            """{"text": "d", "contacts": [{"kind": "qq", "value": "777777"}, {"kind": "qq", "value": "777777"}]}""");
        // A hand-written extractor: right on a (qq) but misses the WeChat id, wrong kind on b, a false contact on the decoy c,
        // and only one of the two identical QQ numbers on d (gold is a multiset).
        var answers = new Dictionary<string, Contact[]>
        {
            ["a"] = [C("qq", "123456")],
            ["b"] = [C("qq", "13900001234")],
            ["c"] = [C("url", "example.com")],
            ["d"] = [C("qq", "777777")],
        };

        var report = ContactEvaluation.Evaluate(gold, t => answers[t]);

        var qq = report.PerKind.Single(k => k.Kind == "qq");
        Assert.Equal((2, 1, 1), (qq.TruePositives, qq.FalsePositives, qq.FalseNegatives));
        var wechat = report.PerKind.Single(k => k.Kind == "wechat");
        Assert.Equal((0, 0, 1), (wechat.TruePositives, wechat.FalsePositives, wechat.FalseNegatives));
        Assert.Equal(0, wechat.Recall);
        var mobile = report.PerKind.Single(k => k.Kind == "mobile");
        Assert.Equal(0, mobile.F1);
        Assert.Equal(1, report.PerKind.Single(k => k.Kind == "url").FalsePositives);
        Assert.Equal((2, 2, 3), (report.Overall.TruePositives, report.Overall.FalsePositives, report.Overall.FalseNegatives));
        Assert.Equal(0.5, report.Overall.Precision, 3);
        Assert.Equal(0.4, report.Overall.Recall, 3);
        Assert.Equal((4, 1), (report.Lines, report.DecoyLines));
        Assert.Equal([1, 2, 3, 4], report.Differences.Select(d => d.Line));
        Assert.Equal(["wechat:fk_abc"], report.Differences[0].Missed);
        Assert.Equal(["url:example.com"], report.Differences[2].Extra);
    }

    [Theory]
    [InlineData("mobile", "+86 138-0000-1234", "8613800001234")]
    [InlineData("landline", "021-5000-0123", "02150000123")]
    [InlineData("hotline", "４００-001-2345", "4000012345")]
    [InlineData("wechat", "@Fk_ABC", "fk_abc")]
    [InlineData("telegram", "@FaKao_Answer", "fakao_answer")]
    [InlineData("email", "FK@Example.COM", "fk@example.com")]
    [InlineData("url", "HTTPS://Pan.Example.com/s/1aBcD。", "https://pan.example.com/s/1aBcD")]
    [InlineData("url", "t.cn/A6xYz,", "t.cn/A6xYz")]
    public void Canonical_GoldSetRules_DigitsLowerCaseAndTrimmedUrls(string kind, string value, string canonical)
    {
        Assert.Equal(canonical, ContactEvaluation.Canonical(kind, value));
    }

    [Fact]
    public void Evaluate_NewKindsAndDifferentSpellingsOfOneValue_MatchAfterCanonicalRules()
    {
        var gold = Write(
            """{"text": "a", "contacts": [{"kind": "landline", "value": "02150000123"}, {"kind": "hotline", "value": "4000012345"}, {"kind": "telegram", "value": "@fk_answers"}]}""");

        var report = ContactEvaluation.Evaluate(gold, _ => [C("landline", "021-5000-0123"), C("hotline", "4000012345"), C("telegram", "FK_answers")]);

        Assert.Equal((3, 0, 0), (report.Overall.TruePositives, report.Overall.FalsePositives, report.Overall.FalseNegatives));
        Assert.Equal(1, report.PerKind.Single(k => k.Kind == "landline").F1);
        Assert.Equal(1, report.PerKind.Single(k => k.Kind == "hotline").F1);
    }

    [Fact]
    public void Evaluate_BadLines_ReportedWithLineNumberAndSkipped()
    {
        var gold = Write(
            "not json",
            """{"contacts": []}""",
            """{"text": "x", "contacts": [{"kind": "qq"}]}""",
            "",
            """{"text": "y", "contacts": "qq"}""",
            """{"text": "z", "contacts": []}""");

        var report = ContactEvaluation.Evaluate(gold, _ => []);

        Assert.Equal(1, report.Lines);
        Assert.Equal(4, report.Errors.Count);
        Assert.StartsWith("line 1: invalid JSON", report.Errors[0], StringComparison.Ordinal);
        Assert.Contains("line 2: field 'text'", report.Errors[1], StringComparison.Ordinal);
        Assert.Contains("line 3: every contact needs", report.Errors[2], StringComparison.Ordinal);
        Assert.Contains("line 5: field 'contacts'", report.Errors[3], StringComparison.Ordinal);
        Assert.Equal(1, report.Overall.F1);
    }

    [Fact]
    public void Evaluate_MissingFile_ThrowsNamingTheFile()
    {
        var path = Path.Combine(_dir, "absent.jsonl");

        var ex = Assert.Throws<FileNotFoundException>(() => ContactEvaluation.Evaluate(path, _ => []));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateCommand_ContactsGoldFile_PrintsPerKindTableWithTheRealExtractor()
    {
        var config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        var gold = Write(
            """{"text": "法考答案 加QQ 28301657 考前发", "contacts": [{"kind": "qq", "value": "28301657"}]}""",
            """{"text": "V信 fk_daan2026，手机 139 0000 5521", "contacts": [{"kind": "wechat", "value": "fk_daan2026"}, {"kind": "mobile", "value": "13900005521"}]}""",
            """{"text": "2026年9月13日 9:00-12:00，报名费 246 元", "contacts": []}""",
            """{"text": "邮箱 seller@example.com", "contacts": [{"kind": "email", "value": "wrong@example.com"}]}""");

        var (exit, stdout, stderr) = await RunAsync("--config", config, "evaluate", "--contacts", gold);

        Assert.True(exit == 0, stderr);
        Assert.Contains("4 lines (1 without any contact), 4 gold contacts", stdout, StringComparison.Ordinal);
        Assert.Matches(@"qq\s+1\.000\s+1\.000\s+1\.000\s+1\s", stdout);
        Assert.Matches(@"email\s+0\.000\s+0\.000\s+0\.000\s+1\s", stdout);
        Assert.Contains("missed [email:wrong@example.com] extra [email:seller@example.com]", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvaluateCommand_NeitherInputNorContacts_ExitsTwoWithUsage()
    {
        var config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));

        var (exit, _, stderr) = await RunAsync("--config", config, "evaluate");

        Assert.Equal(2, exit);
        Assert.Contains("--contacts", stderr, StringComparison.Ordinal);
    }

    private static Contact C(string kind, string value) => new(kind, value, value, 0, value.Length);

    private string Write(params string[] lines)
    {
        var path = Path.Combine(_dir, Guid.NewGuid().ToString("N") + ".jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    /// <summary>The real sw.dll, with both pipes read to the end (SwProcess discards them).</summary>
    private async Task<(int Exit, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = _dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sw.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
