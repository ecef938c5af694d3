namespace SentimentWatch.Core.Pipeline;

/// <summary>
/// In-process wake-ups between the worker's stages. A stage that has committed new work for the next one notifies;
/// the next stage's loop wakes at once instead of waiting out its poll interval. Polling stays the fallback (a
/// notification is a hint, never the only way work is found), so a missed or lost signal costs at most one interval
/// and a stage running in another process still sees everything.
/// </summary>
public sealed class PipelineSignals
{
    /// <summary>New or edited posts were committed to the store (store → search indexer).</summary>
    public StageSignal PostsStored { get; } = new();

    /// <summary>Classifications were saved (classifier → alerting).</summary>
    public StageSignal Classified { get; } = new();

    /// <summary>Messages were queued in the outbox (alerting → delivery).</summary>
    public StageSignal OutboxQueued { get; } = new();

    /// <summary>
    /// An incident developed: an entry of its action log (acknowledged, level changed…), an alert, console work (e.g.
    /// handed to the police), a takedown requested or confirmed removed (stores → the office's automatic 快报/续报).
    /// </summary>
    public StageSignal IncidentsChanged { get; } = new();
}

/// <summary>
/// An auto-resetting wake-up for one polling loop. The loop calls <see cref="Reset"/> before it reads its input and
/// <see cref="WaitAsync"/> after; a <see cref="Notify"/> that lands anywhere in between makes the wait return at once,
/// so a write committed before its notification is never left waiting for the next poll.
/// </summary>
public sealed class StageSignal
{
    private TaskCompletionSource _pending = New();

    /// <summary>Wakes the waiting loop (or the next wait, if the loop is busy). Call after the work is committed.</summary>
    public void Notify() => Volatile.Read(ref _pending).TrySetResult();

    /// <summary>Forgets earlier notifications; call just before reading the input they announced.</summary>
    public void Reset()
    {
        var current = Volatile.Read(ref _pending);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _pending, New(), current);
        }
    }

    /// <summary>
    /// Waits until notified (since the last <see cref="Reset"/>) or until <paramref name="timeout"/> has passed on
    /// <paramref name="time"/>. Returns true when notified. Throws <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(time);
        var notified = Volatile.Read(ref _pending).Task;
        if (!notified.IsCompleted)
        {
            using var stopDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var delay = Task.Delay(timeout, time, stopDelay.Token);
            await Task.WhenAny(notified, delay).ConfigureAwait(false);
            await stopDelay.CancelAsync().ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
        return notified.IsCompleted;
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
