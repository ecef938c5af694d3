using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Storage;
using SentimentWatch.Host.Cli;
using SentimentWatch.Host.Commands;
using SentimentWatch.Host.Tests.Crash;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary>
/// <c>sw exercise run</c> end to end: the shipped Ⅰ-level leak scenario through the real pipeline (drill sites, crawler,
/// classifier, alerting, delivery to a real loopback SMTP mailbox, evidence), next to a "real" store that must not change.
/// </summary>
public sealed class ExerciseCommandsTests
{
    [Fact]
    public async Task Run_ShippedLeakScenario_MarksEveryMailAndTheEvaluation_AndLeavesRealCountsUnchanged()
    {
        var dir = Path.Combine(Path.GetTempPath(), "sw-exercise-" + Guid.NewGuid().ToString("N"));
        var data = Path.Combine(dir, "data");
        var config = SwProcess.CopyDemoConfig(Path.Combine(dir, "config"), data);
        try
        {
            // The real store, with one real incident in it.
            using (var real = SwHost.CreateBuilder(config).Build())
            {
                await Seed(real.Services);
            }

            var before = await Counts(config);
            var output = new StringWriter();

            var exit = await ExerciseCommands.RunAsync(Path.Combine(SwProcess.RepoRoot, "config", "exercises", "leak-level1-sitting.jsonl"), config, speed: 30, lingerSeconds: 60, output, CancellationToken.None);

            Assert.True(exit == 0, output.ToString());
            Assert.Equal(before, await Counts(config));
            var exercise = Assert.Single(Directory.GetDirectories(Path.Combine(data, "exercises")));
            Assert.StartsWith("leak-level1-sitting-", Path.GetFileName(exercise), StringComparison.Ordinal);
            var mails = Directory.GetFiles(Path.Combine(exercise, "mailbox"), "*.eml");
            Assert.NotEmpty(mails);
            foreach (var mail in mails)
            {
                var message = await MimeKit.MimeMessage.LoadAsync(mail);
                Assert.StartsWith(ExerciseCommands.Marker, message.Subject, StringComparison.Ordinal);
                Assert.StartsWith(ExerciseCommands.Marker, message.TextBody, StringComparison.Ordinal);
            }

            Assert.Equal(ExerciseCommands.Marker, await new Storage.Exercise.SqliteExerciseStore(new Storage.SqliteDatabase(Path.Combine(exercise, "sentimentwatch.db"))).MarkerAsync(CancellationToken.None));
            var evaluation = await File.ReadAllTextAsync(Path.Combine(exercise, "evaluation.md"));
            Assert.StartsWith("# 【演练】总结评估：演练「leak-level1-sitting」", evaluation, StringComparison.Ordinal);
            Assert.Contains("| Ⅰ级 |", evaluation, StringComparison.Ordinal);

            // The drill's documents: the evaluation and every Ⅰ–Ⅲ incident's 快报, 【演练】 in the file name and on the page.
            var documents = Directory.GetFiles(Path.Combine(exercise, "reports"), "*.pdf");
            Assert.Contains(documents, d => Path.GetFileName(d).StartsWith("【演练】总结评估", StringComparison.Ordinal));
            Assert.Contains(documents, d => Path.GetFileName(d).Contains("快报", StringComparison.Ordinal));
            Assert.All(documents, d => Assert.StartsWith(ExerciseCommands.Marker, Path.GetFileName(d), StringComparison.Ordinal));
            Assert.All(documents, d => Assert.True(File.Exists(Path.ChangeExtension(d, ".docx")), d));
            Assert.Contains("演练文书：", output.ToString(), StringComparison.Ordinal);
            foreach (var pdf in documents)
            {
                using var text = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("pdftotext", ["-layout", pdf, "-"]) { RedirectStandardOutput = true })!;
                var printed = await text.StandardOutput.ReadToEndAsync();
                await text.WaitForExitAsync();
                Assert.Contains(ExerciseCommands.Marker, printed, StringComparison.Ordinal);
            }
            Assert.Contains("【Ⅰ级舆情】", string.Join("\n", await Task.WhenAll(mails.Select(async m => (await MimeKit.MimeMessage.LoadAsync(m)).Subject))), StringComparison.Ordinal);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dir, recursive: true);
            }
            catch (IOException)
            {
                // A temp directory left behind is harmless.
            }
        }
    }

    private static async Task<(long Posts, int Incidents, int Alerts)> Counts(string config)
    {
        using var host = SwHost.CreateBuilder(config).Build();
        var sp = host.Services;
        return (await sp.GetRequiredService<IPostStore>().CountPostsAsync(CancellationToken.None),
            (await sp.GetRequiredService<IIncidentStore>().ListAsync(DateTimeOffset.MinValue, 10_000, CancellationToken.None)).Count,
            (await sp.GetRequiredService<IAlertStore>().ListAlertsAsync(10_000, CancellationToken.None)).Count);
    }

    private static async Task Seed(IServiceProvider sp)
    {
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        var url = new Uri("http://127.0.0.1/weibo/real-1");
        var written = await sp.GetRequiredService<IPostStore>().UpsertPostAsync(
            new Core.Posts.CollectedPost("weibo-fakao", "weibo", "real-1", url, "real-1", null, new Core.Posts.AuthorInfo("u1", "真实用户", 10), null, "出售法考答案 加微信", at, null, new Core.Posts.Engagement(1, 2, 3, null), null),
            at, CancellationToken.None);
        var post = new IncidentPost(written.PostId, "weibo-fakao", "weibo", "real-1", "real-1", null, url, "u1", "真实用户", 10, "出售法考答案 加微信", at, "answer_selling", 6, [], "first", null);
        var incident = await sp.GetRequiredService<IIncidentStore>().CreateAsync(new IncidentRecord(0, "k-real-1", "出售法考答案", IncidentLevel.III, [], at, at, written.PostId, url, 1,
            ["weibo"], ["answer_selling"], [], "flat", false, IncidentStates.Open), post, CancellationToken.None);
        await sp.GetRequiredService<IAlertStore>().RaiseAsync(
            new AlertRecord(0, $"incident:{incident}:level:III", "incident", incident, IncidentLevel.III, "出售法考答案", "摘要", [], at, "open", null, null, null), [], [], CancellationToken.None);
    }
}
