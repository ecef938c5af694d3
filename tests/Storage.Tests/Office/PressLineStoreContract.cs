using SentimentWatch.Core.PressLines;
using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Office;

/// <summary>The <see cref="IPressLineStore"/> contract on every provider.</summary>
public abstract class PressLineStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private static readonly DateTimeOffset At = new(2026, 6, 20, 1, 2, 3, TimeSpan.Zero);

    [Fact]
    public async Task AddAsync_NumbersPerIncidentAndKind_RecordsCreatedStep()
    {
        var store = Provider.PressLines();

        var v1 = await store.AddAsync(7, "line", "口径模板", "src {{a}}", "文本", "[]", "bangong", "办公室", At, null, Ct);
        var v2 = await store.AddAsync(7, "line", "口径模板", "src", "文本二", "[]", "bangong", "办公室", At.AddMinutes(1), v1.Id, Ct);
        var release = await store.AddAsync(7, "release", "", "s", "通稿", "[]", "bangong", "办公室", At, null, Ct);
        var other = await store.AddAsync(8, "line", "", "s", "t", "[]", "bangong", "办公室", At, null, Ct);

        Assert.Equal((1, 2, 1, 1), (v1.Version, v2.Version, release.Version, other.Version));
        Assert.Equal(new PressLineVersion(v2.Id, 7, "line", 2, "口径模板", "src", "文本二", "[]", "draft", "bangong", At.AddMinutes(1), v1.Id, At.AddMinutes(1)), v2);
        Assert.Equal([v1, v2, release], await store.ListAsync(7, Ct));
        var step = Assert.Single(await store.GetStepsAsync(v2.Id, Ct));
        Assert.Equal(("created", "bangong", "办公室", At.AddMinutes(1), $"based on #{v1.Id}"), (step.Step, step.Actor, step.Role, step.AtUtc, step.Comment));
    }

    [Fact]
    public async Task AddAsync_ManyAtOnce_EachItsOwnNumber()
    {
        var store = Provider.PressLines();

        var versions = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => Task.Run(() => store.AddAsync(7, "line", "", "s", "t", "[]", "bangong", "办公室", At, null, Ct))));

        Assert.Equal(Enumerable.Range(1, 12), versions.Select(v => v.Version).Order());
    }

    [Fact]
    public async Task Workflow_EditOnlyInExpectedState_TransitionsGuarded_ApprovedTextFrozen()
    {
        var store = Provider.PressLines();
        var v = await store.AddAsync(7, "line", "", "s", "t", "[]", "bangong", "办公室", At, null, Ct);

        Assert.True(await store.UpdateTextAsync(v.Id, "draft", "s2", "t2", "[1]", "bangong", "办公室", At.AddMinutes(1), Ct));
        Assert.False(await store.UpdateTextAsync(v.Id, "submitted", "s3", "t3", "[]", "bangong", "办公室", At, Ct));
        Assert.True(await store.TransitionAsync(v.Id, "draft", "submitted", "submitted", "bangong", "办公室", "", At.AddMinutes(2), Ct));
        Assert.False(await store.TransitionAsync(v.Id, "draft", "approved", "approved", "lingdao", "领导", "", At, Ct));
        Assert.True(await store.TransitionAsync(v.Id, "submitted", "approved", "approved", "lingdao", "领导", "同意", At.AddMinutes(3), Ct));
        Assert.False(await store.UpdateTextAsync(v.Id, "approved", "x", "x", "[]", "bangong", "办公室", At, Ct));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Provider.ExecuteAsync($"UPDATE office_press_lines SET text = 'changed' WHERE id = {v.Id}"));
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => Provider.ExecuteAsync("DELETE FROM office_press_line_steps"));

        var now = await store.GetAsync(v.Id, Ct);
        Assert.Equal(("s2", "t2", "[1]", "approved", At.AddMinutes(3)), (now!.Source, now.Text, now.Facts, now.State, now.UpdatedUtc));
        Assert.Equal(["created", "edited", "submitted", "approved"], (await store.GetStepsAsync(v.Id, Ct)).Select(s => s.Step));
        Assert.Equal([v.Id], (await store.ListInStatesAsync(["approved", "published"], 10, Ct)).Select(p => p.Id));
        Assert.Empty(await store.ListInStatesAsync(["draft"], 10, Ct));
        Assert.Null(await store.GetAsync(v.Id + 100, Ct));
    }

    [Fact]
    public async Task Interviews_ListedNewestFirst_AllOrOneIncident()
    {
        var store = Provider.PressLines();
        var a = await store.AddInterviewAsync(new MediaInterview(0, 7, "新京报", "记者甲", "采访请求", "书面回复", "bangong", At), Ct);
        var b = await store.AddInterviewAsync(new MediaInterview(0, null, "澎湃", "记者乙", "请求", "婉拒", "bangong", At.AddMinutes(1)), Ct);

        Assert.Equal([b, a], (await store.ListInterviewsAsync(null, 10, Ct)).Select(i => i.Id));
        Assert.Equal([new MediaInterview(a, 7, "新京报", "记者甲", "采访请求", "书面回复", "bangong", At)], await store.ListInterviewsAsync(7, 10, Ct));
        Assert.Equal([b], (await store.ListInterviewsAsync(null, 1, Ct)).Select(i => i.Id));
    }
}
