using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.PressLines;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.PressLines;
using SentimentWatch.Office.Tests.Support;

namespace SentimentWatch.Office.Tests.PressLines;

public sealed class PressLineDeskTests
{
    [Fact]
    public async Task Draft_BeforeAnyoneVerified_IsFullOfVisibleBlanks_ThenFillsOnceAcknowledged()
    {
        using var store = new OfficeStore();
        var (incident, alert, _) = await store.SeedAsync("网传法考卷一泄露", IncidentLevel.I, Labels.Leak, OfficeStore.T0);
        var desk = store.Get<PressLineDesk>();

        var draft = await desk.DraftAsync(incident, PressLineKinds.Line, null, "bangong", "办公室", CancellationToken.None);

        Assert.Equal("clarify", draft.Template);
        Assert.DoesNotContain("网传法考卷一泄露", draft.Text, StringComparison.Ordinal);
        Assert.Contains(FactSheet.Blank, draft.Text, StringComparison.Ordinal);

        await store.Get<IAlertStore>().AcknowledgeAsync(alert, "zhiban", "console", OfficeStore.T0.AddMinutes(5), CancellationToken.None);
        await desk.SubmitAsync(draft.Id, "bangong", "办公室", CancellationToken.None);

        var submitted = (await store.Get<IPressLineStore>().GetAsync(draft.Id, CancellationToken.None))!;
        Assert.Contains("网传法考卷一泄露", submitted.Text, StringComparison.Ordinal);
        Assert.Contains($"incident.title = 网传法考卷一泄露 ⟨incident:{incident}; alert:{alert}⟩", submitted.Facts, StringComparison.Ordinal);
        // Nobody recorded a hand-over to the police: that stays blank rather than being guessed.
        Assert.Contains("police.handed_over = 【待补充】 ⟨—⟩", submitted.Facts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Facts_OfALineAndARelease_UseTheReportsReferences_AndEveryOneResolves()
    {
        using var store = new OfficeStore(new Dictionary<string, string?> { ["Office:PressLines:Hotline"] = "010-12345678" });
        var (incident, alert, post) = await store.SeedAsync("出售法考答案", IncidentLevel.II, Labels.AnswerSelling, OfficeStore.T0);
        await store.Get<IAlertStore>().AcknowledgeAsync(alert, "zhiban", "console", OfficeStore.T0.AddMinutes(5), CancellationToken.None);
        var work = await store.Get<IIncidentWorkStore>().AddAsync(incident, IncidentWorkKinds.SharePolice, "zhiban", OfficeStore.T0.AddMinutes(9), "已移交网安", null, null, CancellationToken.None);
        var desk = store.Get<PressLineDesk>();
        var resolver = store.Get<ReferenceResolver>();
        var pressLines = store.Get<IPressLineStore>();

        foreach (var kind in new[] { PressLineKinds.Line, PressLineKinds.Release })
        {
            var v = await desk.DraftAsync(incident, kind, null, "bangong", "办公室", CancellationToken.None);
            await desk.SaveAsync(v.Id, v.Source + "\n{{ incident.first_seen }} {{ incident.level }} {{ office.hotline }} {{ police.handed_over }} {{ today }}", "bangong", "办公室", CancellationToken.None);
            var facts = (await pressLines.GetAsync(v.Id, CancellationToken.None))!.Facts;
            var refs = FactSheet.References(facts).Select(r => r.Key).ToList();

            Assert.Contains($"incident:{incident}", refs);
            Assert.Contains($"alert:{alert}", refs);
            Assert.Contains($"post:{post}", refs);
            Assert.Contains($"work:{incident}/{work}", refs);
            Assert.Contains("config:Office:PressLines:Hotline", refs);
            Assert.Contains(refs, r => r.StartsWith("clock:", StringComparison.Ordinal));
            Assert.Empty(await resolver.DanglingAsync(FactSheet.References(facts), CancellationToken.None));
        }

        // The same resolver catches a reference that points nowhere, and one of no known kind.
        var bad = FactSheet.References("incident.title = x ⟨post:987654⟩\nincident.level = y ⟨incident:" + incident + "; nonsense:1⟩\noffice.name = 【待补充】 ⟨—⟩\n");
        Assert.Equal(["post:987654", ":nonsense:1"], (await resolver.DanglingAsync(bad, CancellationToken.None)).Select(r => r.Key));
        Assert.False(await resolver.ResolvesAsync(Refs.Config("Office:PressLines:Organisation"), CancellationToken.None)); // empty: nothing to state
    }

    [Fact]
    public async Task Workflow_OnlyApprovedCanBePublished_ReturnNeedsAComment_AndEveryStepIsRecorded()
    {
        using var store = new OfficeStore();
        var (incident, _, _) = await store.SeedAsync("出售法考答案", IncidentLevel.II, Labels.AnswerSelling, OfficeStore.T0);
        var desk = store.Get<PressLineDesk>();
        var v = await desk.DraftAsync(incident, PressLineKinds.Release, null, "bangong", "办公室", CancellationToken.None);
        Assert.Equal("warn", v.Template);

        var publishDraft = await Assert.ThrowsAsync<PressLineRefusedException>(() => desk.PublishAsync(v.Id, "bangong", "办公室", CancellationToken.None));
        Assert.Contains("只有已审定的版本可以发布", publishDraft.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<PressLineRefusedException>(() => desk.ApproveAsync(v.Id, "lingdao", "领导", "", CancellationToken.None));

        await desk.SubmitAsync(v.Id, "bangong", "办公室", CancellationToken.None);
        await Assert.ThrowsAsync<PressLineRefusedException>(() => desk.ReturnAsync(v.Id, "lingdao", "领导", " ", CancellationToken.None));
        await desk.ReturnAsync(v.Id, "lingdao", "领导", "请补充举报电话", CancellationToken.None);
        await desk.SaveAsync(v.Id, "{{ office.name }}提醒：勿信“答案”。举报电话：{{ office.hotline }}", "bangong", "办公室", CancellationToken.None);
        await desk.SubmitAsync(v.Id, "bangong", "办公室", CancellationToken.None);
        await desk.ApproveAsync(v.Id, "lingdao", "领导", "同意", CancellationToken.None);
        await desk.PublishAsync(v.Id, "bangong", "办公室", CancellationToken.None);

        var steps = await store.Get<IPressLineStore>().GetStepsAsync(v.Id, CancellationToken.None);
        Assert.Equal(["created", "edited", "submitted", "returned", "edited", "edited", "submitted", "approved", "published"], steps.Select(s => s.Step));
        Assert.Contains(steps, s => s is { Step: "returned", Actor: "lingdao", Role: "领导", Comment: "请补充举报电话" });
        Assert.Equal(PressLineStates.Published, (await store.Get<IPressLineStore>().GetAsync(v.Id, CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Save_OnApprovedVersion_LeavesItUntouched_AndMakesANewVersion_WithADiff()
    {
        using var store = new OfficeStore();
        var (incident, _, _) = await store.SeedAsync("网传考试延期", IncidentLevel.III, Labels.Rumour, OfficeStore.T0);
        var desk = store.Get<PressLineDesk>();
        var v1 = await desk.DraftAsync(incident, PressLineKinds.Line, null, "bangong", "办公室", CancellationToken.None);
        await desk.SubmitAsync(v1.Id, "bangong", "办公室", CancellationToken.None);
        await desk.ApproveAsync(v1.Id, "lingdao", "领导", "", CancellationToken.None);
        var approved = (await store.Get<IPressLineStore>().GetAsync(v1.Id, CancellationToken.None))!;

        var outcome = await desk.SaveAsync(v1.Id, approved.Source + "\n四、新增一句。", "bangong", "办公室", CancellationToken.None);

        Assert.True(outcome.NewVersion);
        Assert.Equal(2, outcome.Version.Version);
        Assert.Equal(v1.Id, outcome.Version.BasedOn);
        Assert.Equal(PressLineStates.Draft, outcome.Version.State);
        var after = (await store.Get<IPressLineStore>().GetAsync(v1.Id, CancellationToken.None))!;
        Assert.Equal(approved.Text, after.Text);
        Assert.Equal(PressLineStates.Approved, after.State);
        var diff = LineDiff.Compute(after.Text, outcome.Version.Text);
        Assert.Equal([new DiffLine('+', "四、新增一句。")], diff.Where(d => d.Op != ' '));
    }

    [Fact]
    public async Task Store_RefusesToRewriteAFrozenText_EvenWhenAskedDirectly()
    {
        using var store = new OfficeStore();
        var (incident, _, _) = await store.SeedAsync("投诉考点空调", IncidentLevel.IV, Labels.Complaint, OfficeStore.T0);
        var desk = store.Get<PressLineDesk>();
        var v = await desk.DraftAsync(incident, PressLineKinds.Line, null, "bangong", "办公室", CancellationToken.None);
        await desk.SubmitAsync(v.Id, "bangong", "办公室", CancellationToken.None);

        Assert.False(await store.Get<IPressLineStore>().UpdateTextAsync(v.Id, PressLineStates.Submitted, "x", "x", "", "bangong", "办公室", OfficeStore.T0, CancellationToken.None));
    }

    [Fact]
    public async Task Save_TemplateWithUnknownFact_IsRefusedNamingTheLine_AndNothingChanges()
    {
        using var store = new OfficeStore();
        var (incident, _, _) = await store.SeedAsync("网传泄题", IncidentLevel.I, Labels.Leak, OfficeStore.T0);
        var desk = store.Get<PressLineDesk>();
        var v = await desk.DraftAsync(incident, PressLineKinds.Line, null, "bangong", "办公室", CancellationToken.None);

        var refused = await Assert.ThrowsAsync<PressLineRefusedException>(() => desk.SaveAsync(v.Id, "一\n二\n{{ incident.leaker_name }}", "bangong", "办公室", CancellationToken.None));

        Assert.Equal(3, Assert.Single(refused.Problems).Line);
        Assert.Contains("第 3 行", refused.Message, StringComparison.Ordinal);
        Assert.Equal(v.Source, (await store.Get<IPressLineStore>().GetAsync(v.Id, CancellationToken.None))!.Source);
    }
}
