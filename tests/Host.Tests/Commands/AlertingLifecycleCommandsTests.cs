using System.Diagnostics;
using System.Text.Json.Nodes;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Posts;
using SentimentWatch.Host.Tests.Crash;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Alerting;
using SentimentWatch.Storage.Classification;
using SentimentWatch.Storage.Posts;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary>
/// The real <c>sw</c> over a real SQLite file: merge/close/show, the digest preview, and the feedback loop from
/// <c>sw alerts ack --label</c> to the manifest of <c>sw train --include-feedback</c>.
/// </summary>
public sealed class AlertingLifecycleCommandsTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2024, 9, 14, 0, 0, 0, TimeSpan.Zero);
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "sw-alertcli-" + Guid.NewGuid().ToString("N"));
    private readonly string _config;
    private readonly SqliteDatabase _db;

    public AlertingLifecycleCommandsTests()
    {
        _config = SwProcess.CopyProductConfig(Path.Combine(_dir, "config"));
        Directory.CreateDirectory(Path.Combine(_dir, "data"));
        _db = new SqliteDatabase(Path.Combine(_dir, "data", "sentimentwatch.db"));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private Dictionary<string, string?> Settings(IDictionary<string, string?>? more = null)
    {
        var s = new Dictionary<string, string?> { ["Paths:Data"] = Path.Combine(_dir, "data") };
        foreach (var (k, v) in more ?? new Dictionary<string, string?>())
        {
            s[k] = v;
        }

        return s;
    }

    private async Task<(int Exit, string Out, string Err)> SwAsync(IDictionary<string, string?>? settings, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = _dir, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sw.dll"));
        info.ArgumentList.Add("--config");
        info.ArgumentList.Add(_config);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (key, value) in Settings(settings))
        {
            info.Environment["SW_" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var p = Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await stdout, await stderr);
    }

    /// <summary>Stores posts and an incident holding them (with an open alert) the way the worker would have.</summary>
    private async Task<(long Incident, long Alert)> SeedIncidentAsync(string label, IncidentLevel level, params string[] texts)
    {
        using var posts = new SqlitePostStore(_db);
        var incidents = new SqliteIncidentStore(_db);
        long incident = 0;
        for (var i = 0; i < texts.Length; i++)
        {
            var pid = Guid.NewGuid().ToString("N")[..8];
            var url = new Uri($"http://127.0.0.1/weibo/{pid}");
            var written = await posts.UpsertPostAsync(
                new CollectedPost("src-weibo", "weibo", pid, url, pid, null, new AuthorInfo("u" + pid, "用户" + pid, 100), null, texts[i], T0.AddMinutes(i), null, new Engagement(0, 0, 0, null), null),
                T0.AddMinutes(i), CancellationToken.None);
            var post = new IncidentPost(written.PostId, "src-weibo", "weibo", pid, pid, null, url, "u" + pid, "用户" + pid, 100, texts[i], T0.AddMinutes(i), label, 0, [], i == 0 ? "first" : "near_duplicate", null);
            if (i == 0)
            {
                incident = await incidents.CreateAsync(new IncidentRecord(0, "k" + pid, texts[0], level, [new LevelReason("seed", level, "seeded")], post.At, post.At, post.PostId, url, 1,
                    ["weibo"], [label], [], "flat", false, IncidentStates.Open), post, CancellationToken.None);
            }
            else
            {
                await incidents.AddPostAsync(incident, post, CancellationToken.None);
            }
        }

        var (alert, _) = await new SqliteAlertStore(_db).RaiseAsync(
            new AlertRecord(0, $"incident:{incident}:level:{level}", "incident", incident, level, texts[0], "s", [], T0, "open", null, null, null), [], [], CancellationToken.None);
        return (incident, alert.Id);
    }

    [Fact]
    public async Task AlertsAckWithLabel_ThenTrainIncludeFeedback_ManifestCountsTheDecisions()
    {
        var (_, alert) = await SeedIncidentAsync("answer_selling", IncidentLevel.III, "出售法考主观题答案，加V信 fk2024 保过", "主观题答案包过，V信 fk2024 私聊");

        var ack = await SwAsync(null, "alerts", "ack", alert.ToString(System.Globalization.CultureInfo.InvariantCulture), "--by", "评论员甲", "--label", "answer_selling");

        Assert.True(ack.Exit == 0, ack.Err);
        Assert.Contains("feedback: 2 post(s) recorded as answer_selling", ack.Out, StringComparison.Ordinal);
        var rows = await new SqliteClassificationFeedbackStore(_db).GetAllAsync(CancellationToken.None);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal((Labels.AnswerSelling, FeedbackDecisions.Confirmed, "评论员甲"), (r.Feedback.Label, r.Feedback.Decision, r.Feedback.Reviewer)));

        var models = Path.Combine(_dir, "models");
        Directory.CreateDirectory(models);
        var train = await SwAsync(
            new Dictionary<string, string?>
            {
                ["Classifier:ModelFile"] = Path.Combine(models, "classifier.zip"),
                ["Classifier:ManifestFile"] = Path.Combine(models, "classifier.json"),
                ["Classifier:Training:TrainFile"] = Path.Combine(SwProcess.RepoRoot, "tests", "Classifier.Tests", "Model", "Data", "dev-train.jsonl"),
                ["Classifier:Training:TestFile"] = Path.Combine(models, "no-test.jsonl"),
                ["Classifier:Training:HashBits"] = "14",
                ["Classifier:Training:Folds"] = "2",
                ["Classifier:Training:MaximumIterations"] = "60",
            },
            "train", "--include-feedback");

        Assert.True(train.Exit == 0, train.Err);
        Assert.Contains("2 feedback examples", train.Out, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(models, "classifier.json")))!;
        Assert.Equal(2, (int)manifest["data"]!["feedback_examples"]!);
    }

    [Fact]
    public async Task Feedback_OnAStoredPost_KeepsThePublishedTimeForTraining()
    {
        var published = new DateTimeOffset(2024, 9, 14, 10, 20, 0, TimeSpan.FromHours(8));
        long postId;
        using (var posts = new SqlitePostStore(_db))
        {
            var written = await posts.UpsertPostAsync(
                new CollectedPost("src-weibo", "weibo", "fb1", new Uri("http://127.0.0.1/weibo/fb1"), "fb1", null, new AuthorInfo("u1", "用户1", 100), null,
                    "卷一第8题表见代理那题选B吗", published, null, new Engagement(0, 0, 0, null), null),
                published.AddMinutes(3), CancellationToken.None);
            postId = written.PostId;
        }

        var run = await SwAsync(null, "feedback", "--post", postId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--decision", "relabelled", "--label", "leak", "--by", "评论员甲");

        Assert.True(run.Exit == 0, run.Err);
        var row = Assert.Single(await new SqliteClassificationFeedbackStore(_db).GetAllAsync(CancellationToken.None)).Feedback;
        Assert.Equal((Labels.Leak, FeedbackDecisions.Relabelled, published), (row.Label, row.Decision, row.PublishedAtUtc!.Value));
    }

    [Fact]
    public async Task IncidentsMergeCloseShow_ActionLogAndTombstonePrinted()
    {
        var (a, _) = await SeedIncidentAsync("answer_selling", IncidentLevel.III, "出售法考主观题答案，加QQ 123456789");
        var (b, _) = await SeedIncidentAsync("answer_selling", IncidentLevel.II, "主观题答案包过，QQ 123456789");
        var ia = a.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var ib = b.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var noReason = await SwAsync(null, "incidents", "merge", ia, ib, "--by", "值班员甲");
        var merge = await SwAsync(null, "incidents", "merge", ia, ib, "--by", "值班员甲", "--reason", "同一卖家");
        var close = await SwAsync(null, "incidents", "close", ia, "--by", "带班领导乙", "--reason", "已移交公安", "--stage", "善后");
        var closeAgain = await SwAsync(null, "incidents", "close", ia, "--by", "带班领导乙", "--reason", "再次");
        var showA = await SwAsync(null, "incidents", "show", ia);
        var showB = await SwAsync(null, "incidents", "show", ib);
        var list = await SwAsync(null, "incidents", "list", "--hours", "1000000");

        Assert.NotEqual(0, noReason.Exit);
        Assert.True(merge.Exit == 0, merge.Err);
        Assert.Contains($"incident #{ib} merged into #{ia}: 2 posts, level Ⅱ", merge.Out, StringComparison.Ordinal);
        Assert.True(close.Exit == 0, close.Err);
        Assert.Equal(2, closeAgain.Exit);
        Assert.Contains("only an open incident can be closed", closeAgain.Err, StringComparison.Ordinal);
        Assert.Contains("state closed (善后)", showA.Out, StringComparison.Ordinal);
        Assert.Contains($"merge_in    by 值班员甲: 同一卖家  [{ib}]", showA.Out, StringComparison.Ordinal);
        Assert.Contains("close       by 带班领导乙: 已移交公安  [善后]", showA.Out, StringComparison.Ordinal);
        Assert.Contains($"merged     into incident #{ia}", showB.Out, StringComparison.Ordinal);
        Assert.Contains($"merged→#{ia}", list.Out, StringComparison.Ordinal);
        Assert.Contains("closed", list.Out, StringComparison.Ordinal);
        Assert.All((await new SqliteAlertStore(_db).ListAlertsOfIncidentAsync(a, CancellationToken.None)).Where(x => x.Kind == "incident"),
            x => Assert.NotEqual("open", x.State));
    }

    [Fact]
    public async Task AlertsDigest_PreviewAndBadDate_PrintedOrRefused()
    {
        await SeedIncidentAsync("complaint", IncidentLevel.IV, "华侨大学考点空调坏了，考场太热");

        var preview = await SwAsync(null, "alerts", "digest", "--date", "2024-09-14");
        var bad = await SwAsync(null, "alerts", "digest", "--date", "14/09/2024");

        Assert.True(preview.Exit == 0, preview.Err);
        Assert.Contains("subject: 【舆情日报】2024-09-14 Ⅳ级舆情 1 起", preview.Out, StringComparison.Ordinal);
        Assert.Contains("华侨大学考点空调坏了", preview.Out, StringComparison.Ordinal);
        Assert.Contains("office <office@example.org> via mail", preview.Out, StringComparison.Ordinal);
        Assert.Equal(2, bad.Exit);
        Assert.Contains("--date '14/09/2024' is not a date YYYY-MM-DD", bad.Err, StringComparison.Ordinal);
    }
}
