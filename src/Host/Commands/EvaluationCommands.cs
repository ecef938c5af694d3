using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Host.Cli;
using SentimentWatch.Office.Evaluation;
using SentimentWatch.Office.Reports;

namespace SentimentWatch.Host.Commands;

/// <summary>
/// <c>sw incidents evaluate ID</c> and <c>sw evaluation sitting [--name NAME]</c>: the evaluation (总结评估) as Markdown,
/// or as DOCX/PDF through the reports' writers when <c>--out</c> ends in <c>.docx</c>/<c>.pdf</c> — the timeline against the targets of <c>Office:Evaluation</c>, late steps flagged (⚠) with who held them, every
/// row with its source records. (Runs after <see cref="AlertingCommands"/>, which adds the <c>incidents</c> noun.)
/// </summary>
internal sealed class EvaluationCommands : ICliModule
{
    public void Register(RootCommand root)
    {
        var incidentId = new Argument<long>("ID") { Description = "Incident id" };
        var output = new Option<string?>("--out") { Description = "Write to this file instead of stdout: .md (Markdown), .docx or .pdf (the reports' formal layout, footnotes and appendix)" };
        var evaluate = new Command("evaluate", "The incident's evaluation (总结评估): timeline against the plan's targets, late steps and who held them, acknowledgements, commentators' work, classifier mistakes.") { incidentId, output };
        evaluate.SetAction((p, ct) => Verb.RunAsync(p, Uses.Store | Uses.Office, async (sp, c) =>
        {
            var evaluation = await sp.GetRequiredService<EvaluationReader>().EvaluateAsync(p.GetValue(incidentId), c).ConfigureAwait(false);
            if (evaluation is null)
            {
                await Console.Error.WriteLineAsync($"No incident {p.GetValue(incidentId)}.").ConfigureAwait(false);
                return ExitCodes.NotFound;
            }

            return await WriteAsync(sp, EvaluationDocuments.Incident(evaluation), p.GetValue(output), c).ConfigureAwait(false);
        }, ct));
        var incidents = root.Subcommands.FirstOrDefault(c => c.Name == "incidents") ?? throw new InvalidOperationException("the incidents noun is registered by AlertingCommands first");
        incidents.Subcommands.Add(evaluate);

        var name = new Option<string?>("--name") { Description = "Sitting name from Calendar:Sittings (default: the latest that has started)" };
        var sittingOut = new Option<string?>("--out") { Description = "Write to this file instead of stdout: .md (Markdown), .docx or .pdf (the reports' formal layout, footnotes and appendix)" };
        var sitting = new Command("sitting", "Evaluate every incident of an exam sitting (its sensitive days included).") { name, sittingOut };
        sitting.SetAction((p, ct) => Verb.RunAsync(p, Uses.Store | Uses.Office, async (sp, c) =>
        {
            var document = await sp.GetRequiredService<EvaluationReader>().SittingAsync(p.GetValue(name), c).ConfigureAwait(false);
            if (document is null)
            {
                await Console.Error.WriteLineAsync($"no sitting '{p.GetValue(name)}' in Calendar:Sittings").ConfigureAwait(false);
                return ExitCodes.NotFound;
            }

            return await WriteAsync(sp, document, p.GetValue(sittingOut), c).ConfigureAwait(false);
        }, ct));
        root.Subcommands.Add(new Command("evaluation", "The evaluation (总结评估) of a sitting; of one incident: sw incidents evaluate ID.") { sitting });
    }

    internal static async Task<int> WriteAsync(IServiceProvider services, OfficeDocument document, string? path, CancellationToken cancellationToken)
    {
        if (path is null)
        {
            await Console.Out.WriteAsync(document.ToMarkdown()).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".docx" or ".pdf")
        {
            var reports = services.GetRequiredService<ReportService>();
            var report = await reports.EvaluationAsync(document, cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(path, extension == ".pdf" ? reports.Pdf(report) : reports.Docx(report), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await File.WriteAllTextAsync(path, document.ToMarkdown(), cancellationToken).ConfigureAwait(false);
        }

        await Console.Out.WriteLineAsync($"wrote {path}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
