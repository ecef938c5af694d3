using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Time;
using SentimentWatch.DrillSites.Scenario;
using SentimentWatch.Host.Cli;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Reports;
using SentimentWatch.Office.Evaluation;
using SentimentWatch.Office.Reports;

namespace SentimentWatch.Host.Commands;

/// <summary>
/// <c>sw exercise run --scenario FILE</c>: drill mode (演练). Plays a scripted incident through the real pipeline — drill
/// sites, crawler, classifier, alerting, delivery, console — with the same machinery as <c>sw demo</c>, in a store of
/// its own (<c>{Paths:Data}/exercises/NAME-TIME/</c>, never the real store, so never in real counts, queues or
/// reports), every mail subject, console page, evidence packet and evaluation marked 【演练】, and ends with the
/// exercise's evaluation against the targets of <c>Office:Evaluation</c>.
/// </summary>
internal sealed class ExerciseCommands : ICliModule
{
    public const string Marker = "【演练】";

    public void Register(RootCommand root)
    {
        var scenario = new Option<string>("--scenario") { Description = "Exercise scenario (drill-site JSONL, e.g. config/exercises/leak-level1-sitting.jsonl)", Required = true };
        var speed = new Option<double>("--speed") { Description = "Scenario seconds per real second", DefaultValueFactory = _ => 10 };
        var linger = new Option<int>("--linger") { Description = "Seconds to keep the pipeline and console running after the scenario has played out", DefaultValueFactory = _ => 60 };
        var config = DemoCommands.OldConfigOption("--exercise-config");
        var run = new Command("run", "Play an exercise scenario through the real pipeline, marked 【演练】 and stored apart, then print its evaluation (configuration: --config, default config/demo).") { scenario, speed, linger, config };
        run.SetAction((p, ct) => RunAsync(p.GetValue(scenario)!, DemoCommands.ConfigDir(p, config), p.GetValue(speed), p.GetValue(linger), Console.Out, ct));
        root.Subcommands.Add(new Command("exercise", "Drill mode (演练): scripted incidents through the real pipeline, kept apart from real incidents.") { run });
    }

    public static async Task<int> RunAsync(string scenarioPath, string configDir, double speed, int lingerSeconds, TextWriter output, CancellationToken cancellationToken)
    {
        if (speed <= 0 || double.IsNaN(speed))
        {
            await Console.Error.WriteLineAsync($"--speed '{speed}' must be a positive number").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        DrillScenario scenario;
        try
        {
            scenario = DrillScenario.Load(scenarioPath);
        }
        catch (Exception ex) when (ex is ScenarioFormatException or IOException or UnauthorizedAccessException)
        {
            await Console.Error.WriteLineAsync($"--scenario '{scenarioPath}': {ex.Message}").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var name = Path.GetFileNameWithoutExtension(scenarioPath);
        var paths = new PathsOptions();
        var probe = new ConfigurationBuilder();
        SwHost.AddConfiguration(probe, configDir, overrides: null);
        var configuration = probe.Build();
        configuration.GetSection(PathsOptions.Section).Bind(paths);
        var now = DateTimeOffset.UtcNow;
        var dataDir = paths.DataPath("exercises", $"{name}-{ChinaTime.ToBeijing(now):yyyyMMdd-HHmmss}");
        var marks = Marks(name, dataDir, configuration, now);
        await output.WriteLineAsync($"{Marker} 演练「{name}」：所有告警、邮件标题、证据包和评估均标注{Marker}，数据单独存放于 {dataDir}").ConfigureAwait(false);
        var run = await DrillRun.RunAsync(new DrillRunPlan(configDir, dataDir, scenario, speed, lingerSeconds, "演练", marks,
            (db, ct) => new Storage.Exercise.SqliteExerciseStore(db).MarkAsync(name, Marker, now, ct)), output, cancellationToken).ConfigureAwait(false);
        if (run.Exit == ExitCodes.Usage || !File.Exists(run.DbPath))
        {
            return run.Exit;
        }

        await DemoSummary.PrintMailboxAsync(run.MailDir, output, CancellationToken.None).ConfigureAwait(false);

        // The same evaluation as for real incidents, over the drill's own store: every incident the run produced.
        using var host = SwHost.CreateBuilder(configDir, marks).Build();
        var document = await host.Services.GetRequiredService<EvaluationReader>()
            .RangeAsync($"演练「{name}」", run.StartedUtc.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), CancellationToken.None).ConfigureAwait(false);
        var markdown = document.ToMarkdown();
        var file = Path.Combine(dataDir, "evaluation.md");
        await File.WriteAllTextAsync(file, markdown, CancellationToken.None).ConfigureAwait(false);
        await output.WriteLineAsync().ConfigureAwait(false);
        await output.WriteAsync(markdown).ConfigureAwait(false);
        await output.WriteLineAsync($"演练评估已写入 {file}").ConfigureAwait(false);
        await WriteDocumentsAsync(host.Services, document, dataDir, output, CancellationToken.None).ConfigureAwait(false);
        return run.Exit;
    }

    /// <summary>
    /// The drill's documents as the office would send them, each marked 【演练】 on every page and in its file name:
    /// the 快报 of every Ⅰ–Ⅲ incident (the ones the automatic drafter wrote when an alert was acknowledged, else
    /// drafted now) and the evaluation, as PDF and DOCX, in <c>reports/</c> of the drill's directory.
    /// </summary>
    private static async Task WriteDocumentsAsync(IServiceProvider services, OfficeDocument evaluation, string dataDir, TextWriter output, CancellationToken cancellationToken)
    {
        var reports = services.GetRequiredService<ReportService>();
        var dir = Directory.CreateDirectory(Path.Combine(dataDir, "reports")).FullName;
        var documents = new List<ReportDocument> { await reports.EvaluationAsync(evaluation, cancellationToken).ConfigureAwait(false) };
        var store = services.GetRequiredService<IReportStore>();
        foreach (var incident in (await services.GetRequiredService<IReportQueries>().IncidentsActiveAsync(DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow.AddDays(1), cancellationToken).ConfigureAwait(false))
                     .Where(i => i.Level is IncidentLevel.I or IncidentLevel.II or IncidentLevel.III))
        {
            var existing = (await store.ListAsync(incident.Id, 100, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Kind == ReportKinds.Flash);
            var flash = existing is not null && await reports.LoadAsync(existing.Id, null, cancellationToken).ConfigureAwait(false) is { } loaded
                ? loaded.Document
                : (await reports.GenerateAsync(ReportKinds.Flash, incident.Id, null, null, "exercise", cancellationToken).ConfigureAwait(false)).Document;
            documents.Add(flash);
        }

        var written = 0;
        foreach (var doc in documents)
        {
            var name = ReportService.FileName(doc, "pdf");
            var stem = Path.GetFileNameWithoutExtension(name) + (written == 0 ? string.Empty : "-" + written.ToString(CultureInfo.InvariantCulture));
            await File.WriteAllBytesAsync(Path.Combine(dir, stem + ".pdf"), reports.Pdf(doc), cancellationToken).ConfigureAwait(false);
            await File.WriteAllBytesAsync(Path.Combine(dir, stem + ".docx"), reports.Docx(doc), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync($"演练文书：{Path.Combine(dir, stem)}.pdf / .docx").ConfigureAwait(false);
            written++;
        }
    }

    /// <summary>
    /// The keys that make a run a drill: the marker, the drill's own data directory, evidence packets signed as a drill,
    /// and a drill sitting (考试实施) on the day of the run, so the scenario is graded as during a sitting.
    /// </summary>
    internal static Dictionary<string, string?> Marks(string name, string dataDir, IConfiguration configuration, DateTimeOffset nowUtc)
    {
        var organisation = configuration["Evidence:Operator:Organization"];
        var sittings = configuration.GetSection("Calendar:Sittings").GetChildren().Count();
        var today = ChinaTime.ToBeijing(nowUtc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var sitting = $"Calendar:Sittings:{sittings.ToString(CultureInfo.InvariantCulture)}:";
        return new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Paths:Data"] = dataDir,
            ["Exercise:Marker"] = Marker,
            ["Exercise:Name"] = name,
            ["Evidence:Operator:Organization"] = Marker + (string.IsNullOrEmpty(organisation) ? "演练" : organisation),
            [sitting + "Name"] = $"{Marker}{name}",
            [sitting + "SensitiveDaysBefore"] = "0",
            [sitting + "SensitiveDaysAfter"] = "0",
            [sitting + "Sessions:0:Date"] = today,
            [sitting + "Sessions:0:Start"] = "00:00",
            [sitting + "Sessions:0:End"] = "23:59",
            [sitting + "Sessions:0:Paper"] = "演练",
            [sitting + "Sessions:0:Batch"] = "1",
        };
    }
}
