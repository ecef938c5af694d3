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
