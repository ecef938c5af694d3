using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SentimentWatch.Classifier;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Posts;
using SentimentWatch.Core.Reports;
using SentimentWatch.Core.Storage;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Host.Cli;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.Reports;
using SentimentWatch.Office.Tests.Support;
using SentimentWatch.Testing;

namespace SentimentWatch.Office.Tests.Facts;

/// <summary>
/// The demo scenario's posts stored as the crawler stores them, classified by the shipped model and clustered and
/// graded by the real alerting pipeline (the worker's host as <c>sw demo</c> builds it, with its demo configuration);
/// then every report kind is generated and every reference of every report is resolved against the store.
/// </summary>
public sealed class DemoScenarioReferencesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sw-office-demo-").FullName;

    [Fact]
    public async Task EveryReportOfTheDemoScenario_HasNoDanglingReference()
    {
        using var host = BuildHost();
        var scenario = DrillScenario.Demo();
        var posts = host.Services.GetRequiredService<IPostStore>();
        var start = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(scenario.Posts.Max(p => p.At) + 60);
        foreach (var p in scenario.Posts)
        {
            var at = start.AddSeconds(p.At);
            var site = p.Site.ToString().ToLowerInvariant();
            await posts.UpsertPostAsync(
                new CollectedPost("demo-" + site, site, p.Id, new Uri($"http://127.0.0.1:9/{site}/{p.Id}"), null, null,
                    new AuthorInfo(p.Author.Id, p.Author.Name, p.Author.Followers), p.Title, p.Text, at, null,
                    new Engagement(p.Engagement.Reposts, 0, p.Engagement.Likes, p.Engagement.Views), null),
                at, CancellationToken.None);
        }

        // One collection run per demo source, as the crawler records it after storing a page.
        foreach (var site in scenario.Posts.Select(p => p.Site.ToString().ToLowerInvariant()).Distinct())
        {
            await host.Services.GetRequiredService<ISourceStateStore>().RecordRunAsync(
                new SentimentWatch.Core.Collection.SourceRunReport("demo-" + site, start, start.AddSeconds(3), SentimentWatch.Core.Collection.SourceRunStatus.Ok, 1, 1, 1, 0, 0, new Dictionary<int, int> { [200] = 1 }, []),
                CancellationToken.None);
        }

        // Only the stages that turn stored posts into incidents: classification and alerting (no crawl, no delivery).
        var stages = host.Services.GetServices<IHostedService>().Where(s => s.GetType().Name is "ClassificationWorker" or "AlertingWorker").ToList();
        Assert.Equal(2, stages.Count);
        foreach (var s in stages)
        {
            await s.StartAsync(CancellationToken.None);
        }

        try
        {
            await WaitUntilAlertingCaughtUpAsync(host.Services, scenario.Posts.Count);
        }
        finally
        {
            foreach (var s in stages)
            {
                await s.StopAsync(CancellationToken.None);
            }
        }

        // What the duty desk does next: acknowledge, hand over to the police, request a takedown (each lands in the store).
        var top = (await host.Services.GetRequiredService<IIncidentStore>().ListAsync(DateTimeOffset.MinValue, 1000, CancellationToken.None)).MaxBy(i => i.Level)!;
        var alert = (await host.Services.GetRequiredService<IAlertStore>().ListAlertsOfIncidentAsync(top.Id, CancellationToken.None)).First();
        await host.Services.GetRequiredService<IAlertingAdmin>().AcknowledgeAsync(alert.Id, "duty1", "console", CancellationToken.None);
        await host.Services.GetRequiredService<IIncidentWorkStore>().AddAsync(top.Id, IncidentWorkKinds.SharePolice, "leader1", DateTimeOffset.UtcNow, string.Empty, null, null, CancellationToken.None);
        await host.Services.GetRequiredService<SentimentWatch.Core.Evidence.ITakedownStore>().AddAsync(top.FirstPostId, top.FirstUrl, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(4), "leader1", "售卖答案", CancellationToken.None);

        var service = host.Services.GetRequiredService<ReportService>();
        var resolver = host.Services.GetRequiredService<ReferenceResolver>();
        var incidents = await host.Services.GetRequiredService<IIncidentStore>().ListAsync(DateTimeOffset.MinValue, 1000, CancellationToken.None);
        Assert.Contains(incidents, i => i.Level >= IncidentLevel.III);
        var documents = new List<ReportDocument>();
        foreach (var incident in incidents.Where(i => i.Level >= IncidentLevel.III))
        {
            foreach (var kind in ReportKinds.Incident)
            {
                documents.Add((await service.GenerateAsync(kind, incident.Id, null, null, "office", CancellationToken.None)).Document);
            }
        }

        // The evaluation of the top incident, exported like a report, after a press line was approved for it: its
        // classification, action and press-line references are walked too.
        var desk = host.Services.GetRequiredService<SentimentWatch.Office.PressLines.PressLineDesk>();
        var line = await desk.DraftAsync(top.Id, "line", null, "office1", "办公室", CancellationToken.None);
        await desk.SubmitAsync(line.Id, "office1", "办公室", CancellationToken.None);
        await desk.ApproveAsync(line.Id, "leader1", "领导", "", CancellationToken.None);
        var release = await desk.DraftAsync(top.Id, "release", null, "office1", "办公室", CancellationToken.None);
        var pressLineStore = host.Services.GetRequiredService<SentimentWatch.Core.PressLines.IPressLineStore>();
        // The 口径's and the 通稿's facts carry the reports' references too, and are walked with them.
        var pressRefs = new List<SourceRef>();
        foreach (var v in new[] { line.Id, release.Id })
        {
            pressRefs.AddRange(SentimentWatch.Office.PressLines.FactSheet.References((await pressLineStore.GetAsync(v, CancellationToken.None))!.Facts));
        }

        var evaluation = (await host.Services.GetRequiredService<SentimentWatch.Office.Evaluation.EvaluationReader>().EvaluateAsync(top.Id, CancellationToken.None))!;
        documents.Add(await service.EvaluationAsync(SentimentWatch.Office.Evaluation.EvaluationDocuments.Incident(evaluation), CancellationToken.None));

        var day = start.AddHours(-1);
        documents.Add((await service.GenerateAsync(ReportKinds.Daily, null, day, day.AddDays(1), "office", CancellationToken.None)).Document);
        documents.Add((await service.GenerateAsync(ReportKinds.Weekly, null, day.AddDays(-6), day.AddDays(1), "office", CancellationToken.None)).Document);
        documents.Add((await service.GenerateAsync(ReportKinds.Sitting, null, day.AddDays(-2), day.AddDays(2), "office", CancellationToken.None)).Document);

        var checkedRefs = 0;
        var dangling = new List<string>();
        foreach (var doc in documents)
        {
            Assert.NotEmpty(doc.Facts);
            foreach (var segment in doc.Segments().Where(s => s.Kind == SegmentKind.Fact))
            {
                Assert.NotNull(doc.FactOf(segment.FactId!.Value));
            }

            foreach (var source in doc.Facts.SelectMany(f => f.Sources))
            {
                checkedRefs++;
                if (!await resolver.ResolvesAsync(source, CancellationToken.None))
                {
                    dangling.Add($"{doc.Title}: {source.Key}");
                }
            }
        }

        Assert.NotEmpty(pressRefs);
        foreach (var source in pressRefs)
        {
            checkedRefs++;
            if (!await resolver.ResolvesAsync(source, CancellationToken.None))
            {
                dangling.Add($"press line: {source.Key}");
            }
        }

        Assert.Empty(dangling);
        Assert.True(checkedRefs > 100, $"only {checkedRefs} references checked");
        var walked = documents.SelectMany(d => d.Facts.SelectMany(f => f.Sources)).Concat(pressRefs).Select(s => s.Kind).ToHashSet(StringComparer.Ordinal);
        foreach (var kind in SourceKinds.All.Except([SourceKinds.Evidence]))
        {
            // Every kind the demo produces is among the references checked (no evidence is frozen here: the freezer's box is not started).
            Assert.Contains(kind, walked);
        }
    }

    /// <summary>Waits (on the store, up to three minutes) until every post is classified and alerting has read every classification.</summary>
    private static async Task WaitUntilAlertingCaughtUpAsync(IServiceProvider services, int posts)
    {
        var classifications = services.GetRequiredService<IClassificationStore>();
        var checkpoints = services.GetRequiredService<ICheckpointStore>();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (true)
        {
            var all = await classifications.GetAfterAsync(0, 100_000, deadline.Token);
            if (all.Select(c => c.PostId).Distinct().Count() >= posts && await checkpoints.GetAsync("alerting", deadline.Token) >= all.Max(c => c.Sequence))
            {
                return;
            }

            await Task.Delay(200, deadline.Token);
        }
    }

    private IHost BuildHost()
    {
        var root = RepoPaths.Root;
        var config = Path.Combine(_dir, "config");
        Directory.CreateDirectory(Path.Combine(config, "conf.d"));
        File.Copy(Path.Combine(root, "config", "demo", "sentimentwatch.json"), Path.Combine(config, "sentimentwatch.json"));
        foreach (var file in Directory.GetFiles(Path.Combine(root, "config", "demo", "conf.d"), "*.json"))
        {
            File.Copy(file, Path.Combine(config, "conf.d", Path.GetFileName(file)));
        }

        var builder = SwHost.CreateBuilder(config, new Dictionary<string, string?>
        {
            ["Paths:Data"] = Path.Combine(_dir, "data"),
            ["Paths:Models"] = Path.Combine(root, "models"),
            ["Storage:Database"] = Path.Combine(_dir, "data", "sw.db"),
            ["Console:Serve"] = "false",
            ["Alerting:Ack:Serve"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddClassificationWorker(builder.Configuration); // as `sw run` adds it
        return builder.Build();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
    }
}
