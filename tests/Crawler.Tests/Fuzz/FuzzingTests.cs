using SentimentWatch.Testing;

namespace SentimentWatch.Crawler.Tests.Fuzz;

/// <summary>The shared fuzz runner's wall bound (tests/Shared/Fuzzing.cs): code that never returns fails, it does not hang the run.</summary>
public sealed class FuzzingTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(200);

    [Fact]
    public void Within_ActionThatNeverReturns_TimesOutNamingIt()
    {
        using var gate = new ManualResetEventSlim();
        try
        {
            var e = Assert.Throws<TimeoutException>(() => Fuzzing.Within(Bound, "stuck input", () => gate.Wait()));
            Assert.StartsWith("stuck input: did not end within", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            gate.Set();
        }
    }

    [Fact]
    public void Within_AsyncWorkBlockingBeforeItsFirstAwait_TimesOutInsteadOfBlockingTheCaller()
    {
        // The shape the packet verifier's old guard missed: VerifyAsync(...) itself blocked, so task.Wait(bound) was never reached.
        using var gate = new ManualResetEventSlim();
        try
        {
            Assert.Throws<TimeoutException>(() => Fuzzing.Within(Bound, "verification", () =>
            {
                gate.Wait();
                return Task.FromResult(1);
            }));
        }
        finally
        {
            gate.Set();
        }
    }

    [Fact]
    public void Within_ThrowingOrReturningWork_PassesTheExceptionOrTheResultThrough()
    {
        Assert.Equal(42, Fuzzing.Within(Bound * 50, "answer", () => Task.FromResult(42)));
        var e = Assert.Throws<InvalidOperationException>(() => Fuzzing.Within(Bound * 50, "bad", () => throw new InvalidOperationException("boom")));
        Assert.Equal("boom", e.Message);
    }
}
