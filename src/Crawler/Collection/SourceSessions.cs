using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using SentimentWatch.Core.Collection;
using SentimentWatch.Core.Storage;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Sources;

namespace SentimentWatch.Crawler.Collection;

/// <summary>
/// Logged-in sources: a login wall on a source with a cookie means its session expired. The source is paused — a
/// <c>session-expired</c> health event, and every later run is recorded as paused without asking the site again — until
/// the cookie is renewed. Renewal is detected by comparing a SHA-256 fingerprint of the cookie the source now resolves
/// (<c>secret:KEY</c>, <c>env:NAME</c>, read from the configuration at each run) with the one it had when the session
/// expired; only the fingerprint is stored.
/// </summary>
internal sealed class SourceSessions(ISourceStateStore state, IConfiguration configuration, TimeProvider time, ILogger<SourceSessions> logger)
{
    /// <summary>
    /// A page that ended on the source's login page (<c>LoginUrl</c>) after redirects — or, rendered, by the page's own
    /// navigation — is a login wall whatever its status, never content.
    /// </summary>
    public static FetchResult LoginRedirect(SourceOptions source, FetchResult result)
    {
        if (source.LoginUrl is not { } pattern || result.Exchange is not { } exchange)
        {
            return result;
        }

        // The static IsMatch goes through the framework's regex cache: this runs on every fetch of the source, and the
        // pattern is the same each time.
        var hit = exchange.Redirects.Append(exchange.FinalUrl)
            .FirstOrDefault(u => Regex.IsMatch(u.AbsoluteUri, pattern, RegexOptions.None, TimeSpan.FromSeconds(1)));
        return hit is null
            ? result
            : result with
            {
                Outcome = FetchOutcome.Failed,
                Failure = new SourceFailure(exchange.RequestUrl, SourceFailureKind.LoginWall, $"sent to the login page {hit.AbsoluteUri} (LoginUrl '{pattern}')"),
                Captured = null,
            };
    }

    /// <summary>True (and the run failed with the reason) while the source is paused on the cookie that expired.</summary>
    public async Task<bool> PausedAsync(SourceOptions source, RunTally tally, CancellationToken cancellationToken)
    {
        if (await state.GetPauseAsync(source.Id, cancellationToken).ConfigureAwait(false) is not { } pause)
        {
            return false;
        }

        if (Fingerprint(source) is { } now && now != pause.CredentialFingerprint)
        {
            await state.SetPauseAsync(source.Id, null, cancellationToken).ConfigureAwait(false);
            var message = $"session renewed: the cookie changed since the session expired at {pause.SinceUtc:u}; collection resumed";
            tally.Note("session renewed (cookie changed since it expired)", pause.SinceUtc.ToString("u", System.Globalization.CultureInfo.InvariantCulture));
            await state.RaiseHealthEventAsync(source.Id, time.GetUtcNow(), "session-renewed", message, 0, cancellationToken).ConfigureAwait(false);
            CollectionLog.HealthEvent(logger, source.Id, "session-renewed", 0, message);
            return false;
        }

        tally.Fail(new SourceFailure(null, SourceFailureKind.LoginWall,
            $"paused: the session expired at {pause.SinceUtc:u} ({pause.Reason}); renew the cookie ({source.Cookie}) — the first run that sees a different cookie resumes"));
        return true;
    }

    /// <summary>After a run: a login wall on a source with a cookie expires its session (once) and pauses it.</summary>
    public async Task ExpireIfLoginWallAsync(SourceOptions source, SourceRunReport report, CancellationToken cancellationToken)
    {
        if (source.Cookie is null || report.Failures.FirstOrDefault(f => f.Kind == SourceFailureKind.LoginWall) is not { } wall
            || await state.GetPauseAsync(source.Id, cancellationToken).ConfigureAwait(false) is not null)
        {
            return;
        }

        var where = $"{wall.Url?.AbsoluteUri ?? "(source)"}: {wall.Reason}";
        await state.SetPauseAsync(source.Id, new SourcePause(report.FinishedAtUtc, where, Fingerprint(source) ?? ""), cancellationToken).ConfigureAwait(false);
        var message = $"session expired: login wall at {where}; the source is paused until its cookie ({source.Cookie}) is renewed";
        await state.RaiseHealthEventAsync(source.Id, report.FinishedAtUtc, "session-expired", message, 1, cancellationToken).ConfigureAwait(false);
        CollectionLog.HealthEvent(logger, source.Id, "session-expired", 1, message);
    }

    /// <summary>
    /// SHA-256 (first 16 hex digits) of the cookie the source resolves now — from the configuration as it is at this run,
    /// as the fetcher resolves it for every request — or null without one.
    /// </summary>
    private string? Fingerprint(SourceOptions source) =>
        HeaderValue.TryResolve(source.Cookie, configuration, out var cookie, out _, out _)
            ? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(cookie)))[..16]
            : null;
}
