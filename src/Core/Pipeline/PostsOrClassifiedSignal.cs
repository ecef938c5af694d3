namespace SentimentWatch.Core.Pipeline;

/// <summary>Wakes on either of two signals: posts stored or classifications saved (what a search index follows).</summary>
public sealed class PostsOrClassifiedSignal(PipelineSignals signals) : IDisposable
{
    private readonly CancellationTokenSource _dispose = new();

    public void Reset()
    {
        signals.PostsStored.Reset();
        signals.Classified.Reset();
    }

    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _dispose.Token);
        var stored = signals.PostsStored.WaitAsync(timeout, time, either.Token);
        var classified = signals.Classified.WaitAsync(timeout, time, either.Token);
        await Task.WhenAny(stored, classified).ConfigureAwait(false);
        await either.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(stored, classified).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The other wait was stopped because one of them returned.
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    public void Dispose() => _dispose.Dispose();
}
