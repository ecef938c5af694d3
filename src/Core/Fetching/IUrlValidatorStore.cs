using SentimentWatch.Core.Collection;

namespace SentimentWatch.Core.Fetching;

/// <summary>
/// The conditional-GET validators a server gave for one URL, so the next fetch can ask "changed since?" and get a
/// cheap 304 instead of the whole page.
/// </summary>
/// <param name="Url">The URL asked for (the request URL, before redirects).</param>
/// <param name="ETag">The ETag response header, verbatim (quotes and any <c>W/</c> prefix kept), for If-None-Match.</param>
/// <param name="LastModified">The Last-Modified response header, verbatim, for If-Modified-Since.</param>
/// <param name="SeenAtUtc">When the response carrying them was fetched.</param>
public sealed record UrlValidators(Uri Url, string? ETag, string? LastModified, DateTimeOffset SeenAtUtc)
{
    /// <summary>
    /// The validators of a successful (2xx) exchange, or null when it carried none or was not a success: a 404 or an
    /// error page must never become the reference a later 304 is measured against.
    /// </summary>
    public static UrlValidators? FromExchange(HttpExchange exchange)
    {
        ArgumentNullException.ThrowIfNull(exchange);
        if (exchange.StatusCode is < 200 or >= 300)
        {
            return null;
        }

        var etag = exchange.Header("ETag");
        var lastModified = exchange.Header("Last-Modified");
        return etag is null && lastModified is null ? null : new UrlValidators(exchange.RequestUrl, etag, lastModified, exchange.FetchedAtUtc);
    }
}

/// <summary>
/// Remembers <see cref="UrlValidators"/> per URL between runs. The crawl engine reads them before a fetch, passes them
/// in the fetch request, and saves the new ones after a 2xx (a 304 keeps the old ones).
/// </summary>
public interface IUrlValidatorStore
{
    /// <summary>The validators last saved for <paramref name="url"/>, or null.</summary>
    Task<UrlValidators?> GetAsync(Uri url, CancellationToken cancellationToken);

    /// <summary>Saves (replacing) the validators for <see cref="UrlValidators.Url"/>.</summary>
    Task SaveAsync(UrlValidators validators, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the validators of several pages, as <see cref="SaveAsync"/> one after the other would (the last saved for a
    /// URL wins). A store on a database server sends them in one round trip.
    /// </summary>
    async Task SaveAllAsync(IReadOnlyList<UrlValidators> validators, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validators);
        foreach (var v in validators)
        {
            await SaveAsync(v, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Forgets the validators of <paramref name="url"/> (e.g. after the page was found deleted).</summary>
    Task RemoveAsync(Uri url, CancellationToken cancellationToken);
}
