using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Alerting;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Host.Cli;
using SentimentWatch.Storage.Evidence;

namespace SentimentWatch.Host.Commands;

/// <summary><c>sw evidence freeze|list|export|verify|takedown …</c>.</summary>
internal sealed class EvidenceCommands : ICliModule
{
    private const int Failed = ExitCodes.Failed;
    private const int BadInput = ExitCodes.Usage;
    private const int NotFound = ExitCodes.NotFound;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Who acts, recorded in the custody log (<c>--by</c>; <c>--operator</c> is its old spelling).</summary>
    private static readonly ActingPerson By = new("Who acts (recorded in the custody log)");

    public void Register(RootCommand root)
    {
        var evidence = new Command("evidence", "Freeze, list, export and verify evidence packets; track takedowns");
        evidence.Subcommands.Add(FreezeCommand());
        evidence.Subcommands.Add(ListCommand());
        evidence.Subcommands.Add(ExportCommand());
        evidence.Subcommands.Add(VerifyCommand());
        evidence.Subcommands.Add(ShowCommand());
        evidence.Subcommands.Add(HandoverCommand());
        evidence.Subcommands.Add(TakedownCommand());
        root.Subcommands.Add(evidence);
    }

    private static Command FreezeCommand()
    {
        var post = new Option<long?>("--post") { Description = "Stored post id (fresh fetch plus the crawl-time copy)" };
        var url = new Option<string?>("--url") { Description = "Any http(s) URL" };
        var alert = new Option<string?>("--alert") { Description = "Alert id the packet belongs to" };
        var command = new Command("freeze", "Freeze a post or URL into a sealed evidence packet; exit 1 when the packet is not sound") { post, url, alert };
        By.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var postId = parse.GetValue(post);
            var target = parse.GetValue(url);
            if (By.Resolve(parse) is not { } who)
            {
                return BadInput;
            }

            if ((postId is null) == (target is null))
            {
                await Console.Error.WriteLineAsync("sw evidence freeze: give exactly one of --post ID or --url URL").ConfigureAwait(false);
                return BadInput;
            }

            Uri? uri = null;
            if (target is not null && (!Uri.TryCreate(target, UriKind.Absolute, out uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
            {
                await Console.Error.WriteLineAsync($"sw evidence freeze: --url '{Core.Configuration.SecretText.Redact(target)}' is not an absolute http(s) URL").ConfigureAwait(false);
                return BadInput;
            }

            return await RunAsync(parse, Store, async (sp, token) =>
            {
                var freezer = sp.GetRequiredService<IEvidenceFreezer>();
                EvidenceFreezeResult result;
                try
                {
                    result = postId is { } id
                        ? await freezer.FreezePostAsync(id, parse.GetValue(alert), who, token).ConfigureAwait(false)
                        : await freezer.FreezeUrlAsync(uri!, parse.GetValue(alert), who, token).ConfigureAwait(false);
                }
                catch (KeyNotFoundException ex)
                {
                    await Console.Error.WriteLineAsync($"sw evidence freeze: {ex.Message}").ConfigureAwait(false);
                    return NotFound;
                }
                catch (InvalidOperationException ex)
                {
                    await Console.Error.WriteLineAsync($"sw evidence freeze: {ex.Message}").ConfigureAwait(false);
                    return BadInput;
                }

                Console.Out.WriteLine($"{result.EvidenceId}\t{(result.Sound ? "SOUND" : "NOT SOUND")}\t{result.PacketPath}");
                foreach (var p in result.Problems)
                {
                    Console.Out.WriteLine($"  - {p}");
                }

                return result.Sound ? ExitCodes.Ok : Failed;
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command ListCommand()
    {
        var limit = new Option<int>("--limit") { Description = "How many (newest first)", DefaultValueFactory = _ => 50 };
        var json = new Option<bool>("--json") { Description = "JSON instead of a table" };
        var command = new Command("list", "List evidence packets, newest first") { limit, json };
        command.SetAction(async (parse, ct) =>
        {
            return await RunAsync(parse, Store, async (sp, token) =>
            {
                var items = await sp.GetRequiredService<IEvidenceStore>().ListAsync(parse.GetValue(limit), token).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(items, Json));
                    return ExitCodes.Ok;
                }

                Console.Out.WriteLine("id\tcreated_utc\tsound\tsource\talert\tincident\turl");
                foreach (var i in items)
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{i.Id}\t{i.CreatedAtUtc:yyyy-MM-dd HH:mm:ss}\t{(i.Sound ? "yes" : "NO")}\t{i.CaptureSource}\t{i.AlertId ?? "-"}\t{i.IncidentId ?? "-"}\t{i.Url}"));
                }

                return ExitCodes.Ok;
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command ExportCommand()
    {
        var id = new Argument<string>("ALERT|INCIDENT|PACKET") { Description = "Alert id, incident id or packet id" };
        var output = new Option<FileInfo>("--out") { Description = "Zip file to write", Required = true };
        var command = new Command("export", "Zip every packet of an alert or incident (ASCII names inside) and record EXPORTED in each custody log") { id, output };
        By.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (By.Resolve(parse) is not { } who)
            {
                return BadInput;
            }

            return await RunAsync(parse, Store, async (sp, token) =>
            {
                try
                {
                    var export = await sp.GetRequiredService<IEvidenceExporter>().ExportAsync(parse.GetValue(id)!, parse.GetValue(output)!.FullName, who, token).ConfigureAwait(false);
                    Console.Out.WriteLine($"{export.ZipPath}\nsha256 {export.ZipSha256}   # write this into the hand-over letter");
                    foreach (var item in export.Items)
                    {
                        Console.Out.WriteLine($"  {item.Id}\tcontinuation head {item.ContinuationHead}\t{(item.Sound ? "sound" : "NOT SOUND")}");
                    }

                    return ExitCodes.Ok;
                }
                catch (KeyNotFoundException ex)
                {
                    await Console.Error.WriteLineAsync($"sw evidence export: {ex.Message}").ConfigureAwait(false);
                    return NotFound;
                }
                catch (InvalidDataException ex)
                {
                    await Console.Error.WriteLineAsync($"sw evidence export: {ex.Message}").ConfigureAwait(false);
                    return Failed;
                }
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command VerifyCommand()
    {
        var path = new Argument<string>("FILE.zip|DIR") { Description = "Exported zip, packet directory, or directory of packets" };
        var signerRoot = new Option<FileInfo?>("--signer-root") { Description = "Signer root certificate (PEM) from the hand-over letter; default: the copy in the packet" };
        var tsaRoot = new Option<FileInfo?>("--tsa-root") { Description = "TSA root certificate(s) (PEM); default: the copy in the packet" };
        var json = new Option<bool>("--json") { Description = "JSON instead of text" };
        var command = new Command("verify", "Verify packets with the same checks as VERIFY.sh; pass/fail per check; exit 1 on any failure") { path, signerRoot, tsaRoot, json };
        command.SetAction(async (parse, ct) =>
        {
            foreach (var f in new[] { parse.GetValue(signerRoot), parse.GetValue(tsaRoot) })
            {
                if (f is not null && !f.Exists)
                {
                    await Console.Error.WriteLineAsync($"sw evidence verify: {f.FullName} does not exist").ConfigureAwait(false);
                    return BadInput;
                }
            }

            if (!File.Exists(parse.GetValue(path)) && !Directory.Exists(parse.GetValue(path)))
            {
                await Console.Error.WriteLineAsync($"sw evidence verify: {Path.GetFullPath(parse.GetValue(path)!)} does not exist").ConfigureAwait(false);
                return BadInput;
            }

            return await RunAsync(parse, FilesOnly, async (sp, token) =>
            {
                var result = await sp.GetRequiredService<IEvidencePacketVerifier>().VerifyAsync(parse.GetValue(path)!,
                    new VerificationAnchors(parse.GetValue(signerRoot)?.FullName, parse.GetValue(tsaRoot)?.FullName), token).ConfigureAwait(false);
                if (parse.GetValue(json))
                {
                    Console.Out.WriteLine(JsonSerializer.Serialize(result, Json));
                }
                else
                {
                    foreach (var c in result.Checks)
                    {
                        Console.Out.WriteLine($"{c.Outcome.ToString().ToUpperInvariant(),-4}  {c.Packet}  {c.Name}: {c.Detail}");
                    }

                    Console.Out.WriteLine(result.Passed ? "ALL CHECKS PASSED" : "VERIFICATION FAILED");
                }

                return result.Passed ? ExitCodes.Ok : Failed;
            }, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Command ShowCommand()
    {
        var id = new Argument<string>("PACKET") { Description = "Packet id" };
        var command = new Command("show", "Show a packet's summary and problems; records VIEWED in its custody continuation") { id };
        By.AddTo(command);
        command.SetAction(async (parse, ct) => By.Resolve(parse) is not { } who ? BadInput : await RunAsync(parse, Store, async (sp, token) =>
        {
            var item = await sp.GetRequiredService<IEvidenceStore>().GetAsync(parse.GetValue(id)!, token).ConfigureAwait(false);
            if (item is null)
            {
                await Console.Error.WriteLineAsync($"sw evidence show: no packet '{parse.GetValue(id)}'").ConfigureAwait(false);
                return NotFound;
            }

            var head = await sp.GetRequiredService<IEvidenceCustody>().RecordAsync(item.Id, who, "VIEWED", item.Id, null, "sw evidence show", token).ConfigureAwait(false);
            Console.Out.WriteLine(JsonSerializer.Serialize(item with { ContinuationHead = head }, Json));
            return ExitCodes.Ok;
        }, ct).ConfigureAwait(false));
        return command;
    }

    private static Command HandoverCommand()
    {
        var id = new Argument<string>("PACKET") { Description = "Packet id" };
        var to = new Option<string>("--to") { Description = "Receiving unit and officer, e.g. 市公安局网安支队 张某", Required = true };
        var zip = new Option<FileInfo?>("--zip") { Description = "The exported zip handed over (its SHA-256 is recorded)" };
        var command = new Command("handover", "Record HANDED_OVER in a packet's custody continuation; prints the head hash for the hand-over letter") { id, to, zip };
        By.AddTo(command);
        command.SetAction(async (parse, ct) => By.Resolve(parse) is not { } who ? BadInput : await RunAsync(parse, Store, async (sp, token) =>
        {
            var file = parse.GetValue(zip);
            if (file is not null && !file.Exists)
            {
                await Console.Error.WriteLineAsync($"sw evidence handover: {file.FullName} does not exist").ConfigureAwait(false);
                return BadInput;
            }

            string? sha = null;
            if (file is not null)
            {
                await using var stream = file.OpenRead();
                sha = Convert.ToHexStringLower(await System.Security.Cryptography.SHA256.HashDataAsync(stream, token).ConfigureAwait(false));
            }

            try
            {
                var head = await sp.GetRequiredService<IEvidenceCustody>().RecordAsync(parse.GetValue(id)!, who, "HANDED_OVER",
                    file?.Name ?? parse.GetValue(id)!, sha, $"handed over to {parse.GetValue(to)}", token).ConfigureAwait(false);
                Console.Out.WriteLine($"continuation head {head}{(sha is null ? "" : $"\nzip sha256 {sha}")}");
                return ExitCodes.Ok;
            }
            catch (KeyNotFoundException ex)
            {
                await Console.Error.WriteLineAsync($"sw evidence handover: {ex.Message}").ConfigureAwait(false);
                return NotFound;
            }
        }, ct).ConfigureAwait(false));
        return command;
    }

    private static Command TakedownCommand()
    {
        var takedown = new Command("takedown", "Track takedowns: re-check a URL on schedule, alert when still online past the deadline");

        var post = new Option<long?>("--post") { Description = "Stored post id" };
        var url = new Option<string?>("--url") { Description = "URL" };
        var deadline = new Option<DateTimeOffset?>("--deadline") { Description = "Deadline (ISO 8601; default now + Evidence:Takedowns:DefaultDeadline)" };
        var note = new Option<string?>("--note") { Description = "Free text, e.g. the notice reference" };
        var request = new Command("request", "Record a takedown request for a post or URL") { post, url, deadline, note };
        By.AddTo(request);
        request.SetAction(async (parse, ct) =>
        {
            if (By.Resolve(parse) is not { } who)
            {
                return BadInput;
            }

            var target = parse.GetValue(url);
            Uri? uri = null;
            if ((parse.GetValue(post) is null) == (target is null) || (target is not null && !Uri.TryCreate(target, UriKind.Absolute, out uri)))
            {
                await Console.Error.WriteLineAsync("sw evidence takedown request: give exactly one of --post ID or --url URL (absolute http(s))").ConfigureAwait(false);
                return BadInput;
            }

            return await RunAsync(parse, Store, async (sp, token) =>
            {
                try
                {
                    var r = await sp.GetRequiredService<ITakedownTracker>().RequestAsync(parse.GetValue(post), uri, parse.GetValue(deadline), who, parse.GetValue(note), token).ConfigureAwait(false);
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"takedown {r.Id}\t{r.Url}\tdeadline {r.DeadlineUtc:yyyy-MM-dd HH:mm:ss} UTC"));
                    return ExitCodes.Ok;
                }
                catch (Exception ex) when (ex is ArgumentException or KeyNotFoundException or InvalidOperationException)
                {
                    await Console.Error.WriteLineAsync($"sw evidence takedown request: {ex.Message}").ConfigureAwait(false);
                    return ex is KeyNotFoundException ? NotFound : BadInput;
                }
            }, ct).ConfigureAwait(false);
        });

        var check = new Command("check", "Re-check every open takedown that is due (each check is its own packet)");
        check.SetAction(async (parse, ct) =>
        {
            return await RunAsync(parse, Store, async (sp, token) =>
            {
                var checks = await sp.GetRequiredService<ITakedownTracker>().CheckDueAsync(token).ConfigureAwait(false);
                foreach (var c in checks)
                {
                    Console.Out.WriteLine($"takedown {c.TakedownId}\t{c.Observation}\t{c.EvidenceId}\t{c.Detail}");
                }

                Console.Out.WriteLine($"{checks.Count} checked");
                return ExitCodes.Ok;
            }, ct).ConfigureAwait(false);
        });

        var all = new Option<bool>("--all") { Description = "Include removed ones" };
        var list = new Command("list", "List takedown requests") { all };
        list.SetAction(async (parse, ct) =>
        {
            return await RunAsync(parse, Store, async (sp, token) =>
            {
                Console.Out.WriteLine("id\tstate\tdeadline_utc\tlast_checked_utc\toverdue_alerted\turl");
                foreach (var r in await sp.GetRequiredService<ITakedownStore>().ListAsync(!parse.GetValue(all), token).ConfigureAwait(false))
                {
                    Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{r.Id}\t{r.State}\t{r.DeadlineUtc:yyyy-MM-dd HH:mm}\t{r.LastCheckedAtUtc?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? "-"}\t{(r.OverdueAlertedAtUtc is null ? "-" : "yes")}\t{r.Url}"));
                }

                return ExitCodes.Ok;
            }, ct).ConfigureAwait(false);
        });

        takedown.Subcommands.Add(request);
        takedown.Subcommands.Add(check);
        takedown.Subcommands.Add(list);
        return takedown;
    }

    /// <summary>What the packet and takedown verbs read: the store and evidence's configuration.</summary>
    private const Uses Store = Uses.Store | Uses.Evidence;

    /// <summary><c>evidence verify</c> reads files only: evidence's configuration, never the store's.</summary>
    private const Uses FilesOnly = Uses.Evidence;

    private static Task<int> RunAsync(ParseResult parse, Uses uses, Func<IServiceProvider, CancellationToken, Task<int>> body, CancellationToken cancellationToken) =>
        Verb.RunAsync(parse, uses, body, cancellationToken);
}
