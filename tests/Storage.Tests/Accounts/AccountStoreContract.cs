using SentimentWatch.Storage.Tests.Contracts;

namespace SentimentWatch.Storage.Tests.Accounts;

/// <summary>The <see cref="Core.Accounts.IAccountStore"/> contract on every provider.</summary>
public abstract class AccountStoreContract<TProvider> : StoreContract<TProvider>
    where TProvider : StoreProvider, new()
{
    private static readonly DateTimeOffset At = new(2026, 6, 20, 1, 2, 3, TimeSpan.Zero);

    [Fact]
    public async Task AddAsync_ThenFind_AnyCase_SameAccount()
    {
        var store = Provider.Accounts();

        var added = await store.AddAsync("ZhiBan", "值班长老李", "值班长", "hash-1", At, Ct);
        var found = await store.FindAsync("zhiban", Ct);

        Assert.Equal(added, found);
        Assert.Equal(("ZhiBan", "值班长老李", "值班长", "hash-1", false, 0, (DateTimeOffset?)null, At),
            (found!.Name, found.DisplayName, found.Role, found.PasswordHash, found.Disabled, found.FailedLogins, found.LockedUntilUtc, found.CreatedUtc));
        Assert.Null(await store.FindAsync("nobody", Ct));
    }

    [Fact]
    public async Task AddAsync_NameTakenInAnotherCase_Refused()
    {
        var store = Provider.Accounts();
        await store.AddAsync("yanpan", "研判员小王", "研判员", "h", At, Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => store.AddAsync("YANPAN", "另一个人", "研判员", "h2", At, Ct));
        Assert.Single(await store.ListAsync(Ct));
    }

    [Fact]
    public async Task RecordFailureAsync_AtMaximum_LocksUntil_SuccessClears()
    {
        var store = Provider.Accounts();
        await store.AddAsync("gongan", "网安联络员", "公安联络", "h", At, Ct);
        var until = At.AddMinutes(15);

        var first = await store.RecordFailureAsync("gongan", maxFailures: 2, until, Ct);
        var second = await store.RecordFailureAsync("GONGAN", maxFailures: 2, until, Ct);
        await store.RecordSuccessAsync("gongan", Ct);
        var cleared = await store.FindAsync("gongan", Ct);

        Assert.Equal((1, (DateTimeOffset?)null), (first!.FailedLogins, first.LockedUntilUtc));
        Assert.Equal((2, (DateTimeOffset?)until), (second!.FailedLogins, second.LockedUntilUtc));
        Assert.Equal((0, (DateTimeOffset?)null), (cleared!.FailedLogins, cleared.LockedUntilUtc));
    }

    [Fact]
    public async Task SetDisabledAndPassword_ChangeTheStamp_UnknownNameFalse()
    {
        var store = Provider.Accounts();
        var added = await store.AddAsync("bangong", "办公室", "办公室", "old", At, Ct);
        await store.RecordFailureAsync("bangong", 1, At.AddMinutes(5), Ct);

        Assert.True(await store.SetDisabledAsync("bangong", true, Ct));
        var disabled = await store.FindAsync("bangong", Ct);
        Assert.True(await store.SetPasswordAsync("bangong", "new", Ct));
        var reset = await store.FindAsync("bangong", Ct);

        Assert.True(disabled!.Disabled);
        Assert.NotEqual(added.SecurityStamp, disabled.SecurityStamp);
        Assert.Equal(("new", 0, (DateTimeOffset?)null, true), (reset!.PasswordHash, reset.FailedLogins, reset.LockedUntilUtc, reset.Disabled));
        Assert.NotEqual(disabled.SecurityStamp, reset.SecurityStamp);
        Assert.True(await store.SetDisabledAsync("bangong", false, Ct));
        Assert.False((await store.FindAsync("bangong", Ct))!.Disabled);
        Assert.False(await store.SetDisabledAsync("nobody", true, Ct));
        Assert.False(await store.SetPasswordAsync("nobody", "x", Ct));
    }

    [Fact]
    public async Task ListAsync_ByName()
    {
        var store = Provider.Accounts();
        await store.AddAsync("zhiban", "b", "值班长", "h", At, Ct);
        await store.AddAsync("admin", "a", "管理员", "h", At, Ct);

        Assert.Equal(["admin", "zhiban"], (await store.ListAsync(Ct)).Select(a => a.Name));
    }
}
