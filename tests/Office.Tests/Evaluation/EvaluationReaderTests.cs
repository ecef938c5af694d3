using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Office.Evaluation;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.PressLines;
using SentimentWatch.Office.Tests.Support;

namespace SentimentWatch.Office.Tests.Evaluation;

public sealed class EvaluationReaderTests
{
    [Fact]
    public async Task Evaluate_LateAcknowledgement_IsFlaggedWithWhoHeldIt_OnTimeStepsAreNot()
    {
        using var store = new OfficeStore();
        var (incident, alert, post) = await store.SeedAsync("网传法考卷一泄露", IncidentLevel.I, Labels.Leak, OfficeStore.T0);
        // Shipped target: a Ⅰ acknowledged within 10 minutes of first storage; this one took 25.
        await store.Get<IAlertStore>().AcknowledgeAsync(alert, "zhiban", "console", OfficeStore.T0.AddMinutes(25), CancellationToken.None);
        await store.Get<IIncidentActionStore>().RecordAsync(incident, IncidentActionKinds.Feedback, "yanpan", "label rumour for 1 post(s)", Labels.Rumour, OfficeStore.T0.AddMinutes(26), CancellationToken.None);
        await store.Get<IIncidentWorkStore>().AddAsync(incident, IncidentWorkKinds.Guidance, "yanpan", OfficeStore.T0.AddMinutes(40), "请以官方发布为准", new Uri("https://weibo.example.com/r/1"), OfficeStore.T0.AddMinutes(39), CancellationToken.None);
        var desk = store.Get<PressLineDesk>();
        var v = await desk.DraftAsync(incident, "line", null, "bangong", "办公室", CancellationToken.None);
        store.Clock.SetUtcNow(OfficeStore.T0.AddMinutes(50));
        await desk.SubmitAsync(v.Id, "bangong", "办公室", CancellationToken.None);
        store.Clock.SetUtcNow(OfficeStore.T0.AddMinutes(80));
        await desk.ApproveAsync(v.Id, "lingdao", "领导", "", CancellationToken.None);
        store.Clock.SetUtcNow(OfficeStore.T0.AddHours(3));

        var e = (await store.Get<EvaluationReader>().EvaluateAsync(incident, CancellationToken.None))!;

        var ack = e.Timeline.Single(s => s.Step == EvaluationSteps.Acknowledged);
        Assert.True(ack.Late, string.Join("\n", e.Timeline));
        Assert.Equal("zhiban", ack.By);
        Assert.Equal(25, ack.TakenMinutes);
        Assert.Equal(10, ack.TargetMinutes);
        Assert.Contains($"alert:{alert}", ack.Sources.Select(s => s.Key));
        var alerted = e.Timeline.Single(s => s.Step == EvaluationSteps.Alerted);
        Assert.False(alerted.Late);
        Assert.Equal(0.5, alerted.TakenMinutes);
        Assert.Equal(OfficeStore.T0, e.Timeline.Single(s => s.Step == EvaluationSteps.FirstStored).AtUtc);
        Assert.Equal(OfficeStore.T0.AddMinutes(-3), e.Timeline.Single(s => s.Step == EvaluationSteps.FirstPost).AtUtc);
        var line = e.Timeline.Single(s => s.Step == EvaluationSteps.LineApproved);
        Assert.Equal(("lingdao", 55d, false), (line.By, line.TakenMinutes!.Value, line.Late));
        Assert.Contains("审定等待 30 分钟", line.Note, StringComparison.Ordinal);
        // Never frozen and never handed to the police, with the target long past: late although not done.
        var police = e.Timeline.Single(s => s.Step == EvaluationSteps.Police);
        Assert.True(police.Late);
        Assert.Null(police.AtUtc);
        Assert.Contains("超时未完成", police.Note, StringComparison.Ordinal);
        // Never sent up the chain, with the shipped target (Ⅰ: 30 minutes after acknowledgement) long past.
        var report = e.Timeline.Single(s => s.Step == EvaluationSteps.ReportSent);
        Assert.Null(report.AtUtc);
        Assert.True(report.Late);
        Assert.Contains("超时未完成", report.Note, StringComparison.Ordinal);

        // The classification behind 完成分类 is the first post's, cited by its sequence in the stream, and resolves.
        var classified = e.Timeline.Single(s => s.Step == EvaluationSteps.Classified);
        var stored = (await store.Get<IClassificationStore>().GetLatestAsync(post, CancellationToken.None))!;
        Assert.Equal($"classification:{stored.Sequence}", Assert.Single(classified.Sources).Key);
        Assert.True(await store.Get<ReferenceResolver>().ResolvesAsync(classified.Sources[0], CancellationToken.None));
        Assert.False(await store.Get<ReferenceResolver>().ResolvesAsync(classified.Sources[0] with { Id = (stored.Sequence + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture) }, CancellationToken.None));
        Assert.Equal($"pressline:{v.Id}/", line.Sources.Single().Key[..$"pressline:{v.Id}/".Length]);

        var responder = Assert.Single(e.Responders);
        Assert.Equal(("duty-officer", 24.5), (responder.Responder, responder.Minutes!.Value));
        Assert.Contains(e.Actions, a => a is { Actor: "yanpan", What: "网上跟帖 / 正面评述" });
        var mistake = Assert.Single(e.Mistakes);
        Assert.Equal((post, Labels.Leak, Labels.Rumour), (mistake.PostId, mistake.Predicted, mistake.Decided));

        var markdown = EvaluationDocuments.Incident(e).ToMarkdown();
        Assert.Contains("| ⚠ 签收（第一时间报告） |", markdown, StringComparison.Ordinal);
        Assert.Contains("⚠ 第一时间报告：超时 15 分钟", markdown, StringComparison.Ordinal);
        Assert.StartsWith($"# 总结评估：事件 #{incident}", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Range_UnderDrillMarker_TitlesTheEvaluationAsADrill_AndEveryReferenceResolves()
    {
        using var store = new OfficeStore(new Dictionary<string, string?> { ["Exercise:Marker"] = "【演练】" });
        var (a, alertA, _) = await store.SeedAsync("网传卷一泄露", IncidentLevel.I, Labels.Leak, OfficeStore.T0);
        var (b, _, _) = await store.SeedAsync("出售答案", IncidentLevel.II, Labels.AnswerSelling, OfficeStore.T0.AddMinutes(10));
        await store.Get<IAlertStore>().AcknowledgeAsync(alertA, "zhiban", "console", OfficeStore.T0.AddMinutes(4), CancellationToken.None);
        store.Clock.SetUtcNow(OfficeStore.T0.AddHours(1));

        var document = await store.Get<EvaluationReader>().RangeAsync("演练「leak」", OfficeStore.T0.AddHours(-1), OfficeStore.T0.AddHours(1), CancellationToken.None);

        Assert.StartsWith("【演练】总结评估：演练「leak」", document.Title, StringComparison.Ordinal);
        var markdown = document.ToMarkdown();
        Assert.Contains($"#{a} ", markdown, StringComparison.Ordinal);
        Assert.Contains($"#{b} ", markdown, StringComparison.Ordinal);
        Assert.NotEmpty(document.References());
        foreach (var reference in document.References())
        {
            Assert.True(await store.Get<ReferenceResolver>().ResolvesAsync(reference, CancellationToken.None), "dangling reference " + reference.Key);
        }
    }

    [Fact]
    public async Task Evaluate_OnADrillsStore_IsMarkedEvenWithoutTheRunsConfiguration()
    {
        using var store = new OfficeStore();
        var (incident, _, _) = await store.SeedAsync("网传卷一泄露", IncidentLevel.I, Labels.Leak, OfficeStore.T0);
        Assert.StartsWith("# 总结评估", EvaluationDocuments.Incident((await store.Get<EvaluationReader>().EvaluateAsync(incident, CancellationToken.None))!).ToMarkdown(), StringComparison.Ordinal);

        await store.Get<Core.Exercise.IExerciseStore>().MarkAsync("leak", "【演练】", OfficeStore.T0, CancellationToken.None);

        Assert.StartsWith("# 【演练】总结评估", EvaluationDocuments.Incident((await store.Get<EvaluationReader>().EvaluateAsync(incident, CancellationToken.None))!).ToMarkdown(), StringComparison.Ordinal);
    }
}
