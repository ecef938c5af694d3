namespace SentimentWatch.Host.Cli;

/// <summary>
/// The exit codes of every <c>sw</c> verb, one table for all: the same mistake gives the same code whichever verb makes
/// it, so a script can tell "the packet failed verification" from "you named a packet that does not exist" from "the
/// configuration is refused". The README's command-line section prints this table.
/// </summary>
internal static class ExitCodes
{
    /// <summary>The verb did what it was asked (a check found nothing wrong; Ctrl+C ending <c>run</c>, <c>demo</c> or <c>drill serve</c>).</summary>
    public const int Ok = 0;

    /// <summary>
    /// The verb ran and found a problem: verification failed, a crawl run or fetch failed, a packet is not sound, the audit
    /// chain is broken, a report has dangling sources, the store could not take writes, an alert was not open to acknowledge.
    /// </summary>
    public const int Failed = 1;

    /// <summary>
    /// Refused before doing anything: bad or missing arguments (also System.CommandLine's parse errors), an input file that
    /// does not exist or cannot be read, no acting person (<c>--by</c>), or a configuration that is invalid for this verb
    /// (every bad key named at once).
    /// </summary>
    public const int Usage = 2;

    /// <summary>The incident, alert, packet, report, takedown, post, account, source or sitting named does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>
    /// Something the verb needs is missing or not answering: the classifier model is not built, the search cluster, the
    /// store cannot be opened. Nothing was changed; re-running later is safe.
    /// </summary>
    public const int Unavailable = 4;

    /// <summary>An error the verb did not expect — a bug: the exception is printed so it can be reported.</summary>
    public const int Crashed = 70;

    /// <summary>
    /// A one-off job stopped by Ctrl+C or SIGTERM before it finished, or any verb that had not stopped 30 s after it
    /// (128 + SIGINT, as shells report it). <c>run</c> stopping within that time ends with its own code.
    /// </summary>
    public const int Interrupted = 130;
}
