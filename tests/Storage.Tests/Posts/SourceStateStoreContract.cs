using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Storage;
using SentimentWatch.Storage.Tests.Contracts;
using SentimentWatch.Storage.Tests.Support;

namespace SentimentWatch.Storage.Tests.Posts;

/// <summary>The <see cref="ISourceStateStore"/> contract (cursors, runs, health events, pauses, redaction) on every provider.</summary>
public abstract class SourceStateStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private ISourceStateStore? _store;

    private ISourceStateStore Store => _store ??= Provider.SourceState();

    [Fact]
    public async Task Cursor_UnknownSource_IsNull_ThenLastWriteWins()
    {
        Assert.Null(await Store.GetCursorAsync("weibo", Ct));
        await Store.SetCursorAsync("weibo", "a", Ct);
        await Store.SetCursorAsync("weibo", "b", Ct);
        Assert.Equal("b", await Store.GetCursorAsync("weibo", Ct));
    }

    [Fact]
    public async Task RecordRun_RoundTripsCountsAndFailures_NewestFirst()
    {
        var failure = new SourceFailure(new Uri("http://127.0.0.1:1/list?page=2"), SourceFailureKind.Captcha, "验证码 page");
        await Store.RecordRunAsync(Report(SourceRunStatus.Ok, []), Ct);
        await Store.RecordRunAsync(Report(SourceRunStatus.Partial, [failure]), Ct);

        var runs = await Store.GetRecentRunsAsync("tieba", 10, Ct);
        Assert.Equal([SourceRunStatus.Partial, SourceRunStatus.Ok], runs.Select(r => r.Status));
        Assert.Equal(failure, Assert.Single(runs[0].Failures));
        Assert.Equal(3, runs[0].HttpStatusCounts[200]);
        Assert.Equal(1, runs[0].HttpStatusCounts[429]);
        Assert.Equal(7, runs[0].NewPosts);
    }

    [Fact]
    public async Task RecordRun_NotesAndRoleMatches_ReadBackWithTheRun()
    {
        await Store.RecordRunAsync(Report(SourceRunStatus.Ok, []) with
        {
            Notes = ["skipped: 1 (no id)", "paging stopped at posts older than MaxAge (1.00:00:00): http://127.0.0.1:1/f?pn=50"],
            RoleMatches = new Dictionary<string, RoleMatch> { ["time"] = new(28, 30), ["authorName"] = new(30, 30) },
        }, Ct);

        var run = Assert.Single(await Store.GetRecentRunsAsync("tieba", 10, Ct));
        Assert.Equal(["skipped: 1 (no id)", "paging stopped at posts older than MaxAge (1.00:00:00): http://127.0.0.1:1/f?pn=50"], run.Notes);
        Assert.Equal(new RoleMatch(28, 30), run.RoleMatches["time"]);
        Assert.Equal(new RoleMatch(30, 30), run.RoleMatches["authorName"]);
    }

    [Fact]
    public async Task Pause_SetReadAndLifted()
    {
        Assert.Null(await Store.GetPauseAsync("club", Ct));
        var pause = new SourcePause(Some.T0, "http://127.0.0.1:1/f: sent to the login page", "0123456789abcdef");
        await Store.SetPauseAsync("club", pause, Ct);
        Assert.Equal(pause, await Store.GetPauseAsync("club", Ct));
        Assert.Null(await Store.GetPauseAsync("other", Ct));
        await Store.SetPauseAsync("club", null, Ct);
        Assert.Null(await Store.GetPauseAsync("club", Ct));
    }

    [Fact]
    public async Task HealthEvents_AreReadBackAfterCheckpointInOrder()
    {
        var first = await Store.RaiseHealthEventAsync("tieba", Some.T0, "failed", "captcha on page 1", 2, Ct);
        var second = await Store.RaiseHealthEventAsync("weibo", Some.T0.AddMinutes(1), "dark", "zero items for 3 runs", 3, Ct);

        var all = await Store.GetHealthEventsAfterAsync(0, 10, Ct);
        Assert.Equal([first, second], all.Select(e => e.Id));
        var after = Assert.Single(await Store.GetHealthEventsAfterAsync(first, 10, Ct));
        Assert.Equal("weibo", after.SourceId);
        Assert.Equal(3, after.ConsecutiveFailures);
        Assert.Equal(Some.T0.AddMinutes(1), after.AtUtc);
    }

    [Fact]
    public async Task StoredTexts_ParameterNamedInRedactionParameters_MaskedInFailuresNotesEventsAndPauses()
    {
        var store = Provider.SourceState(new Core.Configuration.SecretRedactor(["ticket"]));
        var failure = new SourceFailure(new Uri("http://127.0.0.1:1/list?ticket=T0PSECRET&page=2"), SourceFailureKind.HttpStatus, "HTTP 500 at http://127.0.0.1:1/list?ticket=T0PSECRET");
        await store.RecordRunAsync(Report(SourceRunStatus.Partial, [failure]) with { Notes = ["paging stopped: http://127.0.0.1:1/list?ticket=T0PSECRET&page=3"] }, Ct);
        await store.RaiseHealthEventAsync("tieba", Some.T0, "failed", "login wall at http://127.0.0.1:1/list?ticket=T0PSECRET", 1, Ct);
        await store.SetPauseAsync("tieba", new SourcePause(Some.T0, "sent to the login page from http://127.0.0.1:1/list?ticket=T0PSECRET", "0123456789abcdef"), Ct);

        var run = Assert.Single(await store.GetRecentRunsAsync("tieba", 10, Ct));
        var stored = string.Join("\n", [.. run.Failures.Select(f => $"{f.Url} {f.Reason}"), .. run.Notes,
            .. (await store.GetHealthEventsAfterAsync(0, 10, Ct)).Select(e => e.Message), (await store.GetPauseAsync("tieba", Ct))!.Reason]);
        Assert.DoesNotContain("T0PSECRET", stored, StringComparison.Ordinal);
        Assert.Equal(5, stored.Split("ticket=***").Length - 1);
    }

    private static SourceRunReport Report(SourceRunStatus status, IReadOnlyList<SourceFailure> failures) =>
        new("tieba", Some.T0, Some.T0.AddSeconds(3), status, 4, 12, 7, 1, 0, new Dictionary<int, int> { [200] = 3, [429] = 1 }, failures);
}

/// <summary>The <see cref="Core.Fetching.IUrlValidatorStore"/> contract on every provider.</summary>
public abstract class UrlValidatorStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    [Fact]
    public async Task Validators_SavedReplacedAndRemoved_PerUrl()
    {
        var store = Provider.UrlValidators();
        var url = new Uri("https://tieba.example.cn/f?kw=法考");
        Assert.Null(await store.GetAsync(url, Ct));

        await store.SaveAsync(new Core.Fetching.UrlValidators(url, "\"v1\"", null, Some.T0), Ct);
        await store.SaveAsync(new Core.Fetching.UrlValidators(url, "\"v2\"", "Sat, 14 Sep 2024 02:00:00 GMT", Some.T0.AddMinutes(1)), Ct);
        var read = await store.GetAsync(url, Ct);
        Assert.Equal(new Core.Fetching.UrlValidators(url, "\"v2\"", "Sat, 14 Sep 2024 02:00:00 GMT", Some.T0.AddMinutes(1)), read);
        Assert.Null(await store.GetAsync(new Uri("https://tieba.example.cn/f?kw=other"), Ct));

        await store.RemoveAsync(url, Ct);
        Assert.Null(await store.GetAsync(url, Ct));
    }

    [Fact]
    public async Task SaveAll_SeveralPages_AsOneSaveAfterTheOther_LastForAUrlWins()
    {
        var store = Provider.UrlValidators();
        var a = new Uri("https://tieba.example.cn/p/1");
        var b = new Uri("https://tieba.example.cn/p/2");
        await store.SaveAsync(new Core.Fetching.UrlValidators(a, "\"old\"", null, Some.T0), Ct);

        await store.SaveAllAsync(
        [
            new(a, "\"a1\"", null, Some.T0.AddMinutes(1)),
            new(b, null, "Sat, 14 Sep 2024 02:00:00 GMT", Some.T0.AddMinutes(1)),
            new(a, "\"a2\"", null, Some.T0.AddMinutes(2)),
        ], Ct);
        await store.SaveAllAsync([], Ct);

        Assert.Equal(new Core.Fetching.UrlValidators(a, "\"a2\"", null, Some.T0.AddMinutes(2)), await store.GetAsync(a, Ct));
        Assert.Equal(new Core.Fetching.UrlValidators(b, null, "Sat, 14 Sep 2024 02:00:00 GMT", Some.T0.AddMinutes(1)), await store.GetAsync(b, Ct));
    }
}
