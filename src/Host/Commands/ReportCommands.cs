using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Reports;
using SentimentWatch.Office.Facts;
using SentimentWatch.Office.Reports;
using SentimentWatch.Host.Cli;

namespace SentimentWatch.Host.Commands;

/// <summary>
/// <c>sw reports generate|list|export|check|tally</c>: the office's reports (src/Office) from the command line — the
/// same drafting, storage and export as the console.
/// </summary>
internal sealed class ReportCommands : ICliModule
{
    private const int NotFound = ExitCodes.NotFound;

    public void Register(RootCommand root)
    {
        var reports = new Command("reports", "Reports up the chain (快报, 续报, 专报, 日报, 周报, 考试期间专报) drafted from the store, every fact with its source");
        var kind = new Option<string>("--kind") { Description = "flash (快报), followup (续报), special (专报), daily (日报), weekly (周报), sitting (考试期间专报)", Required = true };
        var incident = new Option<long?>("--incident") { Description = "Incident id (flash, followup, special)" };
        var from = new Option<string?>("--from") { Description = "Period start: yyyy-MM-dd (Beijing midnight) or ISO 8601 with offset (daily, weekly, sitting)" };
        var to = new Option<string?>("--to") { Description = "Period end, exclusive (default: --from plus one day for daily, seven for weekly)" };
        var output = new Option<FileInfo>("--out") { Description = "Write the report here: .pdf or .docx (both are stored)", Required = true };
        var by = new ActingPerson("Who generates it (audit)");
        var generate = by.AddTo(new Command("generate", "Draft a report from the store, store it as version 1 and write it as PDF or DOCX") { kind, incident, from, to, output });
        generate.SetAction((p, ct) => by.Resolve(p) is not { } who ? Task.FromResult(ExitCodes.Usage) : Verb.RunAsync(p, Uses.Store | Uses.Office, async (sp, c) =>
        {
            var k = p.GetValue(kind)!;
            if (!ReportKinds.All.Contains(k))
            {
                throw new ArgumentException($"--kind '{k}' is not one of {string.Join(", ", ReportKinds.All)}");
            }

            if (p.GetValue(incident) is { } about && await AlertingCommands.MissingIncidentAsync(sp, c, about).ConfigureAwait(false))
            {
                return NotFound;
            }

            var (f, t) = ReportPeriod.Of(k, p.GetValue(from), p.GetValue(to));
            var service = sp.GetRequiredService<ReportService>();
            var (record, document) = await service.GenerateAsync(k, p.GetValue(incident), f, t, who, c).ConfigureAwait(false);
            await WriteAsync(service, document, p.GetValue(output)!, c).ConfigureAwait(false);
            var blanks = document.Segments().Count(s => s.Kind == SegmentKind.Blank);
            Console.Out.WriteLine($"report {record.Id} {Words.Kind(record.Kind)} 第{record.Number}期 v{record.Version}: {document.Facts.Count} facts, {document.Sources().Count} sources, {blanks} blanks (【待补充】) → {p.GetValue(output)!.FullName}");
            return ExitCodes.Ok;
        }, ct));

        var limit = new Option<int>("--limit") { Description = "How many, newest first", DefaultValueFactory = _ => 50 };
        var list = new Command("list", "Stored reports: id, kind, number, incident or period, version, title") { incident, limit };
        list.SetAction((p, ct) => Verb.RunAsync(p, Uses.Store | Uses.Office, async (sp, c) =>
        {
            foreach (var r in await sp.GetRequiredService<IReportStore>().ListAsync(p.GetValue(incident), p.GetValue(limit), c).ConfigureAwait(false))
            {
                var about = r.IncidentId is { } i ? $"incident {i}" : $"{r.FromUtc:u} – {r.ToUtc:u}";
                Console.Out.WriteLine($"{r.Id,5} {r.Kind,-9} 第{r.Number}期 {about,-44} v{r.Version} {r.CreatedBy} {r.Title}");
            }

            return ExitCodes.Ok;
        }, ct));

        var id = new Argument<long>("ID") { Description = "Report id" };
        var version = new Option<int?>("--version") { Description = "Version (default: the newest)" };
        var export = new Command("export", "Write a stored report (a version of it) as PDF or DOCX") { id, version, output };
        export.SetAction((p, ct) => Verb.RunAsync(p, Uses.Store | Uses.Office, async (sp, c) =>
        {
            var service = sp.GetRequiredService<ReportService>();
            if (await service.LoadAsync(p.GetValue(id), p.GetValue(version), c).ConfigureAwait(false) is not { } loaded)
            {
                await Console.Error.WriteLineAsync($"sw reports export: no report {p.GetValue(id)} (version {p.GetValue(version)?.ToString(CultureInfo.InvariantCulture) ?? "newest"})").ConfigureAwait(false);
                return NotFound;
            }

            await WriteAsync(service, loaded.Document, p.GetValue(output)!, c).ConfigureAwait(false);
            Console.Out.WriteLine($"report {loaded.Record.Id} v{loaded.Version.Version} → {p.GetValue(output)!.FullName}");
            return ExitCodes.Ok;
        }, ct));

        var pressLine = new Option<bool>("--pressline") { Description = "ID is a press-line version (口径 or 通稿): resolve every source of the facts it states" };
        var check = new Command("check", "Resolve every source of a report's newest version (or a press-line version's facts) against the store; exit 1 naming each dangling one") { id, pressLine };
        check.SetAction((p, ct) => Verb.RunAsync(p, Uses.Store | Uses.Office, async (sp, c) =>
        {
            var what = p.GetValue(pressLine) ? "press line" : "report";
            IReadOnlyList<SourceRef>? sources = null;
            if (p.GetValue(pressLine))
            {
                if (await sp.GetRequiredService<Core.PressLines.IPressLineStore>().GetAsync(p.GetValue(id), c).ConfigureAwait(false) is { } v)
                {
                    sources = Office.PressLines.FactSheet.References(v.Facts);
                }
            }
            else if (await sp.GetRequiredService<ReportService>().LoadAsync(p.GetValue(id), null, c).ConfigureAwait(false) is { } loaded)
            {
                sources = loaded.Document.Sources();
            }

            if (sources is null)
            {
                await Console.Error.WriteLineAsync($"sw reports check: no {what} {p.GetValue(id)}").ConfigureAwait(false);
                return NotFound;
            }

            var dangling = await sp.GetRequiredService<ReferenceResolver>().DanglingAsync(sources, c).ConfigureAwait(false);
            foreach (var s in dangling)
            {
                Console.Out.WriteLine($"dangling: {s.Key} ({s.Label})");
            }

            Console.Out.WriteLine($"{what} {p.GetValue(id)}: {sources.Count} sources, {dangling.Count} dangling");
            return dangling.Count == 0 ? ExitCodes.Ok : ExitCodes.Failed;
        }, ct));

        var listQuery = new Argument<string>("QUERY") { Description = "The list a period report cites for 及其余 M 起: \"incidents FROM TO [level=N|stage=NAME]\"" };
        var incidents = new Command("incidents", "List the incidents behind a period report's count (the reference 及其余 M 起 names)") { listQuery };
        incidents.SetAction((p, ct) => Verb.RunAsync(p, Uses.Store | Uses.Office, async (sp, c) =>
        {
            var list = await sp.GetRequiredService<ReportService>().IncidentListAsync(p.GetValue(listQuery)!, c).ConfigureAwait(false)
                ?? throw new ArgumentException($"'{p.GetValue(listQuery)}' is not an incident list (incidents FROM TO [level=N|stage=NAME])");
            foreach (var i in list)
            {
                Console.Out.WriteLine($"{i.Id,7} {i.Level.Roman()}级 {i.PostCount,6} {Words.Time(i.FirstSeenUtc)} {i.Title}");
            }

            Console.Out.WriteLine($"{list.Count} incidents");
            return ExitCodes.Ok;
        }, ct));

        var tallyFrom = new Option<string>("--from") { Description = "Start (yyyy-MM-dd Beijing or ISO 8601)", Required = true };
        var tallyTo = new Option<string>("--to") { Description = "End, exclusive", Required = true };
        var tally = new Command("tally", "Re-run the count a report cites as 库内统计: posts first stored in [from, to), by platform and label") { tallyFrom, tallyTo };
        tally.SetAction((p, ct) => Verb.RunAsync(p, Uses.Store | Uses.Office, async (sp, c) =>
        {
            var (f, t) = (ReportPeriod.Parse(p.GetValue(tallyFrom)!, "--from"), ReportPeriod.Parse(p.GetValue(tallyTo)!, "--to"));
            var result = await sp.GetRequiredService<IReportQueries>().TallyAsync(f, t, t - f, c).ConfigureAwait(false);
            Console.Out.WriteLine($"posts {result.Posts} ({Refs.Iso(f)} – {Refs.Iso(t)}); flagged {result.FlaggedByLabel.Values.Sum()}");
            foreach (var (platform, n) in result.PostsByPlatform.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                Console.Out.WriteLine($"  platform {platform}: {n}");
            }

            foreach (var (label, n) in result.FlaggedByLabel.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                Console.Out.WriteLine($"  label {label}: {n}");
            }

            return ExitCodes.Ok;
        }, ct));

        reports.Subcommands.Add(generate);
        reports.Subcommands.Add(list);
        reports.Subcommands.Add(export);
        reports.Subcommands.Add(check);
        reports.Subcommands.Add(tally);
        reports.Subcommands.Add(incidents);
        root.Subcommands.Add(reports);
    }

    private static async Task WriteAsync(ReportService service, ReportDocument document, FileInfo output, CancellationToken cancellationToken)
    {
        var bytes = output.Extension.ToUpperInvariant() switch
        {
            ".PDF" => service.Pdf(document),
            ".DOCX" => service.Docx(document),
            _ => throw new ArgumentException($"--out '{output.Name}' must end in .pdf or .docx"),
        };
        output.Directory?.Create();
        await File.WriteAllBytesAsync(output.FullName, bytes, cancellationToken).ConfigureAwait(false);
    }
}
