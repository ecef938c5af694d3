namespace SentimentWatch.Storage.Relational;

/// <summary>
/// Base of the stores written once for both engines: the sessions they run on and the engine's dialect. Disposing the
/// store closes the connections its sessions keep.
/// </summary>
public abstract class RelationalStore : IDisposable
{
    private protected RelationalStore(IStoreSessions sessions, StoreDialect dialect)
    {
        Sessions = sessions;
        Dialect = dialect;
    }

    private protected IStoreSessions Sessions { get; }

    private protected StoreDialect Dialect { get; }

    /// <summary>Closes the connections the store keeps open.</summary>
    public void Dispose()
    {
        Sessions.Dispose();
        GC.SuppressFinalize(this);
    }
}
