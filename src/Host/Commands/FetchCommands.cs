using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Crawler.Fetching;
using SentimentWatch.Crawler.Sources;
using SentimentWatch.Host.Cli;

namespace SentimentWatch.Host.Commands;

/// <summary>
/// <c>sw fetch URL [--source ID]</c>: fetch one page exactly as the crawler would (robots.txt, politeness, retries,
/// redirects, the source's headers and cookie, charset detection) and show what came back, without storing anything.
/// For finding out why a source fails.
/// </summary>
internal sealed class FetchCommands : ICliModule
{
    public void Register(RootCommand root)
    {
        var url = new Argument<string>("url") { Description = "Absolute http(s) URL to fetch" };
        var source = new Option<string?>("--source") { Description = "Fetch as this configured source (its headers, cookie and robots.txt setting)" };
        var ignoreRobots = new Option<bool>("--ignore-robots") { Description = "Skip robots.txt for this one fetch (only with the site owner's consent)" };
        var text = new Option<bool>("--text") { Description = "Print the decoded text after the summary" };
        var bodyTo = new Option<string?>("--body-to") { Description = "Write the raw body bytes to this file" };
        var fetch = new Command("fetch", "Fetch one page as the crawler would and show status, redirects, charset and any failure (nothing is stored).");
        fetch.Arguments.Add(url);
        fetch.Options.Add(source);
        fetch.Options.Add(ignoreRobots);
        fetch.Options.Add(text);
        fetch.Options.Add(bodyTo);
        fetch.SetAction((parse, ct) => FetchAsync(
            parse.GetValue(CommandLine.ConfigDir)!,
            new FetchCommandArgs(parse.GetValue(url)!, parse.GetValue(source), parse.GetValue(ignoreRobots), parse.GetValue(text), parse.GetValue(bodyTo)),
            Console.Out,
            ct));
        root.Subcommands.Add(fetch);
    }

    /// <summary>Returns 0 for Ok / NotModified / Gone, 1 for a failed fetch, 2 for a bad URL or configuration, 3 for an unknown source.</summary>
    public static async Task<int> FetchAsync(string configDir, FetchCommandArgs args, TextWriter output, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string?>? overrides = null)
    {
        if (!Uri.TryCreate(args.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            await output.WriteLineAsync($"'{args.Url}' is not an absolute http(s) URL").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // Fetching reads the crawler's configuration only (its sources, fetching and outbound rules).
        return await Verb.RunAsync(configDir, Uses.Crawler, (services, ct) => FetchAsync(services, url, args, output, ct), cancellationToken, overrides).ConfigureAwait(false);
    }

    private static async Task<int> FetchAsync(IServiceProvider services, Uri url, FetchCommandArgs args, TextWriter output, CancellationToken cancellationToken)
    {
        var sourceId = args.Source ?? "cli";
        var respectRobots = !args.IgnoreRobots;
        IReadOnlyDictionary<string, string>? headers = null;
        if (args.Source is not null)
        {
            var configured = services.GetRequiredService<IOptions<CrawlerOptions>>().Value.Sources
                .FirstOrDefault(s => string.Equals(s.Id, args.Source, StringComparison.Ordinal));
            if (configured is null)
            {
                await output.WriteLineAsync($"No source '{args.Source}' in the configuration").ConfigureAwait(false);
                return ExitCodes.NotFound;
            }

            headers = configured.Headers;
            respectRobots &= configured.RespectRobotsTxt;
        }

        var fetcher = services.GetRequiredService<IPageFetcher>();
        var result = await fetcher.FetchAsync(new FetchRequest(url, sourceId, headers, respectRobots), cancellationToken).ConfigureAwait(false);

        var lines = new List<(string, string)> { ("url", url.AbsoluteUri), ("source", sourceId), ("outcome", result.Outcome.ToString()) };
        if (result.Exchange is { } exchange)
        {
            lines.Add(("status", exchange.StatusCode.ToString(CultureInfo.InvariantCulture)));
            lines.Add(("final url", exchange.FinalUrl.AbsoluteUri));
            if (exchange.Redirects.Count > 0)
            {
                lines.Add(("redirects", string.Join(" → ", exchange.Redirects.Select(r => r.AbsoluteUri))));
            }

            lines.Add(("remote ip", exchange.RemoteIp ?? "-"));
            lines.Add(("bytes", string.Create(CultureInfo.InvariantCulture, $"{exchange.Body.Length} in {exchange.Elapsed.TotalMilliseconds:0} ms")));
            lines.Add(("content-type", exchange.Header("Content-Type") ?? "-"));
        }

        if (result.Encoding is { } encoding)
        {
            lines.Add(("charset", $"{encoding.WebName} ({result.EncodingSource})"));
        }

        if (result.Failure is { } failure)
        {
            lines.Add(("failure", $"{failure.Kind} at {failure.Url?.AbsoluteUri ?? "-"}: {failure.Reason}"));
        }

        foreach (var (key, value) in lines)
        {
            await output.WriteLineAsync($"{key,-13}{value}").ConfigureAwait(false);
        }

        if (args.BodyTo is not null && result.Exchange is { } withBody)
        {
            await File.WriteAllBytesAsync(args.BodyTo, withBody.Body, cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"{"body saved",-13}{Path.GetFullPath(args.BodyTo)}").ConfigureAwait(false);
        }

        if (args.Text && result.Text is not null)
        {
            await output.WriteLineAsync().ConfigureAwait(false);
            await output.WriteLineAsync(result.Text).ConfigureAwait(false);
        }

        return result.Outcome == FetchOutcome.Failed ? ExitCodes.Failed : ExitCodes.Ok;
    }
}

/// <summary>Arguments of <c>sw fetch</c>.</summary>
internal sealed record FetchCommandArgs(string Url, string? Source = null, bool IgnoreRobots = false, bool Text = false, string? BodyTo = null);
