using CsCheck;
using Xunit.Abstractions;

namespace SentimentWatch.Testing;

/// <summary>
/// Runs a CsCheck property for <see cref="Seconds"/> on one thread, each input under a wall bound. Shared by the fuzz
/// tests of every test project (linked in as source, so no test project depends on another).
/// </summary>
internal static class Fuzzing
{
    /// <summary>How long each property samples fresh inputs (CsCheck seeds only the first; a failure prints its seed and CsCheck_Seed=… replays it).</summary>
    public const int Seconds = 3;

    /// <summary>
    /// Runs <paramref name="property"/> on random inputs; an input that throws, or that does not end within
    /// <paramref name="maxPerInput"/>, fails the test. The whole run ends within <see cref="Seconds"/> plus
    /// <paramref name="maxPerInput"/> even when the code under test never returns.
    /// </summary>
    public static void Run<T>(Gen<T> gen, Action<T> property, ITestOutputHelper output, string name, TimeSpan maxPerInput)
    {
        long executions = 0;
        gen.Sample(input =>
        {
            Within(maxPerInput, name, () => property(input));
            Interlocked.Increment(ref executions);
        }, time: Seconds, threads: 1);
        output.WriteLine($"{name}: {executions} executions in {Seconds} s, no crash");
        Assert.True(executions > 0);
    }

    /// <summary>
    /// Runs <paramref name="action"/> on a pool thread and waits at most <paramref name="bound"/> of wall time: the
    /// caller's thread is never the one that hangs (code that loops before its first <c>await</c> included), so a hang
    /// is a failure naming <paramref name="what"/> rather than a test run that never ends. Exceptions are rethrown as they are.
    /// </summary>
    public static void Within(TimeSpan bound, string what, Action action)
    {
        var task = Task.Run(action);
        Wait(task, bound, what);
        task.GetAwaiter().GetResult();
    }

    /// <inheritdoc cref="Within(TimeSpan, string, Action)"/>
    public static T Within<T>(TimeSpan bound, string what, Func<Task<T>> work)
    {
        var task = Task.Run(work);
        Wait(task, bound, what);
        return task.GetAwaiter().GetResult();
    }

    private static void Wait(Task task, TimeSpan bound, string what)
    {
        if (!((IAsyncResult)task).AsyncWaitHandle.WaitOne(bound))
        {
            throw new TimeoutException($"{what}: did not end within {bound}");
        }
    }
}
