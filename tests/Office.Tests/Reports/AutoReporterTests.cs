using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Reports;
using SentimentWatch.Office.Evaluation;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.Reports;
using SentimentWatch.Office.Tests.Support;

namespace SentimentWatch.Office.Tests.Reports;

/// <summary>
/// The automatic 快报/续报 (drafted from the store's journals when an incident is confirmed and on each development),
/// marking a report sent (the evaluation's 报告报送 step), drill marks on reports, and the evaluation exported as PDF
/// and DOCX through the reports' writers.
/// </summary>
public sealed class AutoReporterTests
{
    [Fact]
    public async Task RunOnce_ConfirmedIncident_DraftsFlashThenNumberedFollowUps_AndTheEvaluationTimesThem()
    {
        using var store = new OfficeStore();
        var auto = store.Get<AutoReporter>();
        Assert.Empty(await auto.RunOnceAsync(CancellationToken.None)); // first run: starts at the store's present
        var (incident, alert, post) = await store.SeedAsync("网传法考卷一泄露", IncidentLevel.I, Labels.Leak, OfficeStore.T0);
        var (quiet, _, _) = await store.SeedAsync("法考报名提醒", IncidentLevel.IV, Labels.Rumour, OfficeStore.T0);

        // Raised but nobody confirmed it yet: no 快报 (a Ⅳ never gets one).
        Assert.Empty(await auto.RunOnceAsync(CancellationToken.None));

        store.Clock.SetUtcNow(OfficeStore.T0.AddMinutes(4));
        await store.Get<IAlertStore>().AcknowledgeAsync(alert, "zhiban", "console", OfficeStore.T0.AddMinutes(4), CancellationToken.None);
        await store.Get<IIncidentActionStore>().RecordAsync(incident, IncidentActionKinds.Acknowledge, "zhiban", "签收 via console", alert.ToString(System.Globalization.CultureInfo.InvariantCulture), OfficeStore.T0.AddMinutes(4), CancellationToken.None);
        await store.Get<IIncidentActionStore>().RecordAsync(quiet, IncidentActionKinds.Acknowledge, "zhiban", "签收 via console", null, OfficeStore.T0.AddMinutes(4), CancellationToken.None);
        store.Clock.SetUtcNow(OfficeStore.T0.AddMinutes(4).AddSeconds(3));

        var flash = Assert.Single(await auto.RunOnceAsync(CancellationToken.None));
        Assert.Equal((ReportKinds.Flash, incident, 1, AutoReporter.Actor), (flash.Report.Kind, flash.Report.IncidentId!.Value, flash.Report.Number, flash.Report.CreatedBy));
        Assert.Equal(TimeSpan.FromSeconds(3), flash.ReadyAfter);
        Assert.Empty(await auto.RunOnceAsync(CancellationToken.None)); // nothing new: nothing drafted twice

        // Developments after the 快报: handed to the police, then a takedown — each a numbered 续报.
        await store.Get<IIncidentWorkStore>().AddAsync(incident, IncidentWorkKinds.SharePolice, "zhiban", OfficeStore.T0.AddMinutes(10), "已移交网安", null, null, CancellationToken.None);
        var first = Assert.Single(await auto.RunOnceAsync(CancellationToken.None));
        await store.Get<Core.Evidence.ITakedownStore>().AddAsync(post, new Uri("http://127.0.0.1/weibo/p1"), OfficeStore.T0.AddMinutes(12), OfficeStore.T0.AddHours(2), "zhiban", null, CancellationToken.None);
        var second = Assert.Single(await auto.RunOnceAsync(CancellationToken.None));
        Assert.Equal((ReportKinds.FollowUp, 1, ReportKinds.FollowUp, 2), (first.Report.Kind, first.Report.Number, second.Report.Kind, second.Report.Number));

        // The office sends the 快报 up the chain; the evaluation shows both steps against their targets.
        store.Clock.SetUtcNow(OfficeStore.T0.AddMinutes(20));
        Assert.True(await store.Get<ReportService>().MarkSentAsync(flash.Report.Id, null, "bangong", "机要传真", CancellationToken.None));
        var e = (await store.Get<EvaluationReader>().EvaluateAsync(incident, CancellationToken.None))!;
        var drafted = e.Timeline.Single(s => s.Step == EvaluationSteps.ReportDrafted);
        Assert.Equal((AutoReporter.Actor, false, 1d), (drafted.By, drafted.Late, drafted.TargetMinutes!.Value));
        Assert.Equal(0.05, drafted.TakenMinutes!.Value, 3);
        var sent = e.Timeline.Single(s => s.Step == EvaluationSteps.ReportSent);
        Assert.Equal(("bangong", 16d, false), (sent.By, sent.TakenMinutes!.Value, sent.Late));
        Assert.Contains("机要传真", sent.Note, StringComparison.Ordinal);
        var action = Assert.Single(sent.Sources);
        Assert.Equal(SourceKinds.Action, action.Kind);
        Assert.True(await store.Get<ReferenceResolver>().ResolvesAsync(action, CancellationToken.None));
    }

    [Fact]
    public async Task RunOnce_NewPlatformAndGrowth_DraftNumberedFollowUps_OnePerKindPerQuietPeriod_MergedWhenTogether()
    {
        using var store = new OfficeStore(new Dictionary<string, string?>
        {
            ["Office:Reports:FollowUp:QuietPeriod"] = "00:30:00",
            ["Office:Reports:FollowUp:GrowthPosts"] = "10",
            ["Office:Reports:FollowUp:GrowthFactor"] = "0",
        });
        var auto = store.Get<AutoReporter>();
        var resolver = store.Get<ReferenceResolver>();
        var reports = store.Get<ReportService>();
        Assert.Empty(await auto.RunOnceAsync(CancellationToken.None));
        var (incident, alert, _) = await store.SeedAsync("网传法考卷一泄露", IncidentLevel.I, Labels.Leak, OfficeStore.T0);
        await store.Get<IIncidentActionStore>().RecordAsync(incident, IncidentActionKinds.Acknowledge, "zhiban", "签收 via console", alert.ToString(System.Globalization.CultureInfo.InvariantCulture), OfficeStore.T0.AddMinutes(4), CancellationToken.None);
        store.Clock.SetUtcNow(OfficeStore.T0.AddMinutes(4));
        Assert.Equal(ReportKinds.Flash, Assert.Single(await auto.RunOnceAsync(CancellationToken.None)).Report.Kind);

        // A tieba post published before the 快报 but collected after it: a new platform all the same (counted by when
        // it joined, not by its own time), and the store's signal wakes the drafter.
        var signal = store.Get<Core.Pipeline.PipelineSignals>().IncidentsChanged;
        signal.Reset();
        var tieba = await store.JoinAsync(incident, "tieba", OfficeStore.T0.AddMinutes(6), publishedAt: OfficeStore.T0.AddMinutes(1));
        Assert.True(signal.WaitAsync(TimeSpan.FromDays(1), store.Clock, CancellationToken.None).IsCompleted);
        store.Clock.SetUtcNow(OfficeStore.T0.AddMinutes(7));
        var first = Assert.Single(await auto.RunOnceAsync(CancellationToken.None));
        Assert.Equal((ReportKinds.FollowUp, 1, DevelopmentKinds.NewPlatform), (first.Report.Kind, first.Report.Number, first.Trigger.Kind));
        var doc1 = (await reports.LoadAsync(first.Report.Id, null, CancellationToken.None))!.Value.Document;
        var platformFact = doc1.Facts.Single(f => f.Text == "tieba");
        Assert.Contains(platformFact.Sources, s => s.Key == $"post:{tieba}");
        Assert.Contains("传播至新平台", Text(doc1), StringComparison.Ordinal);
        Assert.Contains((await store.Get<IIncidentActionStore>().GetActionsAsync(incident, CancellationToken.None)),
            a => a.Action == IncidentActionKinds.ReportDrafted && a.Reason.Contains("传播至新平台 tieba", StringComparison.Ordinal));

        // Another new platform inside the quiet period waits; nothing is drafted twice; after the period it is drafted.
        var douyin = await store.JoinAsync(incident, "douyin", OfficeStore.T0.AddMinutes(9), OfficeStore.T0.AddMinutes(8));
        store.Clock.SetUtcNow(OfficeStore.T0.AddMinutes(20));
        Assert.Empty(await auto.RunOnceAsync(CancellationToken.None));
        store.Clock.SetUtcNow(OfficeStore.T0.AddMinutes(37));
        var second = Assert.Single(await auto.RunOnceAsync(CancellationToken.None));
        Assert.Equal((2, DevelopmentKinds.NewPlatform), (second.Report.Number, second.Trigger.Kind));
        Assert.Contains((await reports.LoadAsync(second.Report.Id, null, CancellationToken.None))!.Value.Document.Facts, f => f.Text == "douyin" && f.Sources.Any(s => s.Key == $"post:{douyin}"));
        Assert.Empty(await auto.RunOnceAsync(CancellationToken.None));

        // Growth below the threshold is no development; reaching +10 since the last report is.
        for (var i = 0; i < 9; i++)
        {
            await store.JoinAsync(incident, "weibo", OfficeStore.T0.AddMinutes(40), OfficeStore.T0.AddMinutes(39));
        }

        Assert.Empty(await auto.RunOnceAsync(CancellationToken.None));
        await store.JoinAsync(incident, "weibo", OfficeStore.T0.AddMinutes(41), OfficeStore.T0.AddMinutes(40));
        var third = Assert.Single(await auto.RunOnceAsync(CancellationToken.None));
        Assert.Equal((3, DevelopmentKinds.Growth), (third.Report.Number, third.Trigger.Kind));
        var doc3 = (await reports.LoadAsync(third.Report.Id, null, CancellationToken.None))!.Value.Document;
        Assert.Contains("新增相关帖子10条，累计由3条增至13条", Text(doc3), StringComparison.Ordinal);

        // A new platform and growth together, once both quiet periods have passed: one 续报 covering both.
        store.Clock.SetUtcNow(OfficeStore.T0.AddMinutes(80));
        await store.JoinAsync(incident, "kuaishou", OfficeStore.T0.AddMinutes(80), OfficeStore.T0.AddMinutes(79));
        for (var i = 0; i < 10; i++)
        {
            await store.JoinAsync(incident, "weibo", OfficeStore.T0.AddMinutes(80), OfficeStore.T0.AddMinutes(79));
        }

        var fourth = Assert.Single(await auto.RunOnceAsync(CancellationToken.None));
        Assert.Equal(4, fourth.Report.Number);
        var doc4 = (await reports.LoadAsync(fourth.Report.Id, null, CancellationToken.None))!.Value.Document;
        Assert.Contains("传播至新平台kuaishou", Text(doc4), StringComparison.Ordinal);
        Assert.Contains("累计由13条增至24条", Text(doc4), StringComparison.Ordinal);
        Assert.Empty(await auto.RunOnceAsync(CancellationToken.None));

        foreach (var source in new[] { doc1, doc3, doc4 }.SelectMany(d => d.Sources()))
        {
            Assert.True(await resolver.ResolvesAsync(source, CancellationToken.None), source.Key);
        }
    }

    private static string Text(ReportDocument d) => string.Concat(d.Segments().Select(s => s.Text));

    [Fact]
    public async Task Generate_OnADrillsStore_MarksTitlePagesAndFileName()
    {
        using var store = new OfficeStore();
        var (incident, _, _) = await store.SeedAsync("网传卷一泄露", IncidentLevel.I, Labels.Leak, OfficeStore.T0);
        var reports = store.Get<ReportService>();
        var (_, real) = await reports.GenerateAsync(ReportKinds.Flash, incident, null, null, "bangong", CancellationToken.None);
        Assert.False(real.Exercise);
        Assert.DoesNotContain(Blanks.Drill, ReportService.FileName(real, "pdf"), StringComparison.Ordinal);

        await store.Get<Core.Exercise.IExerciseStore>().MarkAsync("leak", "【演练】", OfficeStore.T0, CancellationToken.None);
        var (_, drill) = await reports.GenerateAsync(ReportKinds.Flash, incident, null, null, "bangong", CancellationToken.None);
        var (_, daily) = await reports.GenerateAsync(ReportKinds.Daily, null, OfficeStore.T0.AddHours(-9), OfficeStore.T0.AddHours(15), "bangong", CancellationToken.None);

        foreach (var doc in new[] { drill, daily })
        {
            Assert.True(doc.Exercise);
            Assert.StartsWith("【演练】", doc.Title, StringComparison.Ordinal);
            Assert.StartsWith("【演练】", ReportService.FileName(doc, "docx"), StringComparison.Ordinal);
        }

        var text = Tools.Squeeze(await Tools.PdfTextAsync(reports.Pdf(drill), store.Directory));
        Assert.StartsWith("【演练】", text, StringComparison.Ordinal);
        Assert.Contains(Tools.Squeeze(drill.Title), text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Evaluation_ExportedAsPdfAndDocx_OpensWithItsSourcesInTheAppendix()
    {
        using var store = new OfficeStore(new Dictionary<string, string?> { ["Exercise:Marker"] = "【演练】" });
        var (incident, alert, _) = await store.SeedAsync("网传法考卷一泄露", IncidentLevel.I, Labels.Leak, OfficeStore.T0);
        await store.Get<IAlertStore>().AcknowledgeAsync(alert, "zhiban", "console", OfficeStore.T0.AddMinutes(25), CancellationToken.None);
        store.Clock.SetUtcNow(OfficeStore.T0.AddHours(1));
        var evaluation = EvaluationDocuments.Incident((await store.Get<EvaluationReader>().EvaluateAsync(incident, CancellationToken.None))!);
        var reports = store.Get<ReportService>();

        var doc = await reports.EvaluationAsync(evaluation, CancellationToken.None);

        Assert.True(doc.Exercise);
        Assert.Equal(ReportKinds.Evaluation, doc.Kind);
        // Every source of the evaluation is a fact's source in the exported document, and resolves.
        Assert.Equal(evaluation.References().Select(r => r.Key).Order(StringComparer.Ordinal), doc.Sources().Select(r => r.Key).Order(StringComparer.Ordinal));
        foreach (var source in doc.Sources())
        {
            Assert.True(await store.Get<ReferenceResolver>().ResolvesAsync(source, CancellationToken.None), source.Key);
        }

        var pdf = Tools.Squeeze(await Tools.PdfTextAsync(reports.Pdf(doc), store.Directory));
        var docx = Tools.Squeeze(await Tools.DocxViaLibreOfficeAsync(reports.Docx(doc), store.Directory));
        foreach (var text in new[] { pdf, docx })
        {
            Assert.Contains("【演练】", text, StringComparison.Ordinal);
            Assert.Contains($"总结评估：事件#{incident}", text, StringComparison.Ordinal);
            Assert.Contains("处置时间线", text, StringComparison.Ordinal);
            Assert.Contains("【超时】环节：签收（第一时间报告）", text, StringComparison.Ordinal);
            Assert.Contains("附件：信息来源", text, StringComparison.Ordinal);
            Assert.Contains($"预警#{alert}", text, StringComparison.Ordinal);
        }
    }
}
