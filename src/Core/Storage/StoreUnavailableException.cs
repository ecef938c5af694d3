namespace SentimentWatch.Core.Storage;

/// <summary>
/// The store's server cannot be reached (refused, timed out, connection lost mid-call). The message names the server
/// (host and port), never a credential. <see cref="StorageFaults"/> counts it as a storage fault, so collection pauses
/// with a back-off and resumes by itself, and a crawl page whose commit failed is fetched again by the next run.
/// </summary>
public sealed class StoreUnavailableException : IOException
{
    public StoreUnavailableException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }

    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }
}
