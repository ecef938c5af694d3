using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Reports;
using SentimentWatch.Office.Documents;
using SentimentWatch.Office.Evaluation;
using SentimentWatch.Office.Exercise;
using SentimentWatch.Office.Facts;

namespace SentimentWatch.Office.Reports;

/// <summary>The result of an edit: the new version, and how many sentences lost their support.</summary>
public sealed record EditOutcome(int Version, int Unsupported, ReportDocument Document);

/// <summary>
/// Generates reports from the store, keeps them (each edit a new version) and exports them. The console and
/// <c>sw reports</c> both call this; authorisation and audit are the caller's (the console's role table).
/// </summary>
public sealed class ReportService
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new JsonStringEnumConverter() } };
    private readonly ReportOptions _options;
    private readonly DossierReader _dossiers;
    private readonly IReportQueries _queries;
    private readonly IReportStore _reports;
    private readonly TimeProvider _time;
    private readonly IncidentDrafter _incidents;
    private readonly PeriodDrafter _periods;
    private readonly DrillMarker _drill;
    private readonly IIncidentActionStore _actions;
    private readonly ExamStages _stages;

    public ReportService(IOptions<ReportOptions> options, DossierReader dossiers, IReportQueries queries, IReportStore reports, ExamStages stages, DrillMarker drill, IIncidentActionStore actions, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _dossiers = dossiers;
        _queries = queries;
        _reports = reports;
        _time = time;
        _drill = drill;
        _actions = actions;
        _incidents = new IncidentDrafter(_options);
        _stages = stages;
        _periods = new PeriodDrafter(_options, stages);
    }

    public static string Serialize(ReportDocument document) => JsonSerializer.Serialize(document, Json);

    public static ReportDocument Deserialize(string json) => JsonSerializer.Deserialize<ReportDocument>(json, Json) ?? throw new InvalidDataException("empty report body");

    /// <summary>Drafts an incident report (快报, 续报, 专报) without storing it. Null when the incident does not exist.</summary>
    public async Task<ReportDocument?> DraftIncidentAsync(string kind, long incidentId, int number, CancellationToken cancellationToken) =>
        (await DraftIncidentWithDossierAsync(kind, incidentId, number, cancellationToken).ConfigureAwait(false))?.Document;

    private async Task<(ReportDocument Document, IncidentDossier Dossier)?> DraftIncidentWithDossierAsync(string kind, long incidentId, int number, CancellationToken cancellationToken)
    {
        var dossier = await _dossiers.ReadAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (dossier is null)
        {
            return null;
        }

        var now = _time.GetUtcNow();
        var document = await MarkAsync(kind switch
        {
            ReportKinds.Flash => _incidents.Flash(dossier, number, now),
            ReportKinds.FollowUp => _incidents.FollowUp(dossier, number, now),
            ReportKinds.Special => _incidents.Special(dossier, number, now),
            _ => throw new ArgumentException($"'{kind}' is not an incident report kind ({string.Join(", ", ReportKinds.Incident)})", nameof(kind)),
        }, cancellationToken).ConfigureAwait(false);
        return (document, dossier);
    }

    /// <summary>Drafts a period report (日报, 周报, 考试期间专报; 零报告 when the period had no incident) without storing it.</summary>
    public async Task<ReportDocument> DraftPeriodAsync(string kind, DateTimeOffset fromUtc, DateTimeOffset toUtc, int number, CancellationToken cancellationToken)
    {
        if (!ReportKinds.Period.Contains(kind))
        {
            throw new ArgumentException($"'{kind}' is not a period report kind ({string.Join(", ", ReportKinds.Period)})", nameof(kind));
        }

        if (toUtc <= fromUtc)
        {
            throw new ArgumentException("--to must be after --from", nameof(toUtc));
        }

        var bucket = toUtc - fromUtc <= TimeSpan.FromDays(2) ? TimeSpan.FromHours(1) : TimeSpan.FromDays(1);
        var data = new PeriodData(
            fromUtc,
            toUtc,
            await _queries.TallyAsync(fromUtc, toUtc, bucket, cancellationToken).ConfigureAwait(false),
            await _queries.IncidentsActiveAsync(fromUtc, toUtc, cancellationToken).ConfigureAwait(false),
            await _queries.SourceHealthAsync(fromUtc, toUtc, cancellationToken).ConfigureAwait(false));
        return await MarkAsync(_periods.Draft(kind, data, number, _time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-opens the incident list a period report cites as 及其余 M 起 (<see cref="IncidentQuery"/>); null when <paramref name="query"/> is not one.</summary>
    public Task<IReadOnlyList<IncidentRecord>?> IncidentListAsync(string query, CancellationToken cancellationToken) =>
        IncidentQuery.RunAsync(query, _queries, _stages, cancellationToken);

    /// <summary>
    /// Records that a version of an incident report was sent up the chain (报送), by whom and how, in the incident's
    /// action log (<c>report_sent</c>, detail the report id) — the evaluation's 快报报送 step reads it. Period reports
    /// have no incident log; the console's audit line records their sending. Returns false for an unknown report.
    /// </summary>
    public async Task<bool> MarkSentAsync(long reportId, int? version, string by, string how, CancellationToken cancellationToken)
    {
        if (await LoadAsync(reportId, version, cancellationToken).ConfigureAwait(false) is not var (record, stored, _))
        {
            return false;
        }

        if (record.IncidentId is { } incident)
        {
            await _actions.RecordAsync(incident, IncidentActionKinds.ReportSent, by,
                $"{Words.Kind(record.Kind)}第{record.Number}期（第{stored.Version}版）报送：{how}", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        return true;
    }

    /// <summary>
    /// An evaluation (<see cref="EvaluationReader"/>) as a document the writers export: the formal header of kind
    /// <c>evaluation</c> (no issue number), 【演练】 when it is a drill's.
    /// </summary>
    public async Task<ReportDocument> EvaluationAsync(OfficeDocument evaluation, CancellationToken cancellationToken)
    {
        var header = IncidentDrafter.Header(_options, ReportKinds.Evaluation, 1, _time.GetUtcNow()) with { Issue = string.Empty };
        var marker = await _drill.OfAsync(cancellationToken).ConfigureAwait(false);
        return EvaluationDocuments.ToReport(evaluation, header, exercise: marker.Length > 0);
    }

    /// <summary>A file name for a document: the drill marker first when it is a drill's, then the title's safe characters.</summary>
    public static string FileName(ReportDocument document, string extension)
    {
        ArgumentNullException.ThrowIfNull(document);
        var title = new string([.. document.Title.Select(c => char.IsLetterOrDigit(c) || c is '【' or '】' or '（' or '）' or '-' or '_' ? c : '_')]);
        var name = document.Exercise && !title.StartsWith(Blanks.Drill, StringComparison.Ordinal) ? Blanks.Drill + title : title;
        return (name.Length > 80 ? name[..80] : name) + "." + extension.TrimStart('.');
    }

    /// <summary>A report drafted from a drill's store (or while a drill runs) is 【演练】 in its title and on every page.</summary>
    private async Task<ReportDocument> MarkAsync(ReportDocument document, CancellationToken cancellationToken)
    {
        var marker = await _drill.OfAsync(cancellationToken).ConfigureAwait(false);
        return marker.Length == 0 ? document : document with { Exercise = true, Title = document.Title.StartsWith(marker, StringComparison.Ordinal) ? document.Title : marker + document.Title };
    }

    /// <summary>Drafts and stores a report; its first version is the draft.</summary>
    public Task<(ReportRecord Record, ReportDocument Document)> GenerateAsync(string kind, long? incidentId, DateTimeOffset? fromUtc, DateTimeOffset? toUtc, string by, CancellationToken cancellationToken) =>
        GenerateAsync(kind, incidentId, fromUtc, toUtc, by, [], cancellationToken);

    /// <summary>
    /// Drafts and stores a report; its first version is the draft. An incident report also records what it covered
    /// (the incident's membership when its dossier was read), so the next 续报 counts from there;
    /// <paramref name="developments"/> names the membership developments it was drafted for (the automatic drafter's
    /// quiet period counts from it).
    /// </summary>
    public async Task<(ReportRecord Record, ReportDocument Document)> GenerateAsync(string kind, long? incidentId, DateTimeOffset? fromUtc, DateTimeOffset? toUtc, string by, IReadOnlyList<string> developments, CancellationToken cancellationToken)
    {
        var number = await _reports.NextNumberAsync(kind, incidentId, cancellationToken).ConfigureAwait(false);
        var (document, dossier) = await DraftAsync(kind, incidentId, fromUtc, toUtc, number, cancellationToken).ConfigureAwait(false);
        var record = await _reports.CreateAsync(kind, incidentId, fromUtc, toUtc, document.Title, Serialize(document), by, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (dossier is not null)
        {
            await _queries.RecordCoverageAsync(new ReportCoverage(record.Id, dossier.Incident.Id, dossier.Membership.LastSeq, dossier.Membership.Posts, developments, record.CreatedUtc), cancellationToken).ConfigureAwait(false);
        }

        if (record.Number != number)
        {
            // Another draft took the number in between: the stored record's number is the one that counts.
            document = document with { Header = document.Header with { Issue = $"第{record.Number}期" } };
            var version = await _reports.AddVersionAsync(record.Id, Serialize(document), by, "issue number corrected", _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
            record = record with { Version = version };
        }

        return (record, document);
    }

    private async Task<(ReportDocument Document, IncidentDossier? Dossier)> DraftAsync(string kind, long? incidentId, DateTimeOffset? fromUtc, DateTimeOffset? toUtc, int number, CancellationToken cancellationToken)
    {
        if (ReportKinds.Incident.Contains(kind))
        {
            return incidentId is { } id
                ? await DraftIncidentWithDossierAsync(kind, id, number, cancellationToken).ConfigureAwait(false) ?? throw new ArgumentException($"no incident {id}", nameof(incidentId))
                : throw new ArgumentException($"a {kind} report needs an incident", nameof(incidentId));
        }

        return fromUtc is { } from && toUtc is { } to
            ? (await DraftPeriodAsync(kind, from, to, number, cancellationToken).ConfigureAwait(false), null)
            : throw new ArgumentException($"a {kind} report needs --from and --to", nameof(fromUtc));
    }

    public async Task<(ReportRecord Record, ReportVersion Version, ReportDocument Document)?> LoadAsync(long reportId, int? version, CancellationToken cancellationToken)
    {
        var record = await _reports.GetAsync(reportId, cancellationToken).ConfigureAwait(false);
        var stored = record is null ? null : await _reports.GetVersionAsync(reportId, version, cancellationToken).ConfigureAwait(false);
        return record is null || stored is null ? null : (record, stored, Deserialize(stored.BodyJson));
    }

    /// <summary>
    /// Stores an edit of a report's section texts (<see cref="EditText"/>) as a new version. A section text left null is
    /// kept as it was. Facts whose marker and text survive stay attached; a sentence stating a number or quotation
    /// without one is kept but marked unsupported.
    /// </summary>
    public async Task<EditOutcome> EditAsync(long reportId, IReadOnlyList<string?> sectionTexts, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sectionTexts);
        var loaded = await LoadAsync(reportId, null, cancellationToken).ConfigureAwait(false) ?? throw new ArgumentException($"no report {reportId}", nameof(reportId));
        var document = Edit(loaded.Document, sectionTexts);
        var unsupported = document.Segments().Count(s => s.Kind == SegmentKind.Unsupported);
        var version = await _reports.AddVersionAsync(reportId, Serialize(document), by, unsupported == 0 ? "edited" : $"edited; {unsupported} unsupported sentence(s)", _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new EditOutcome(version, unsupported, document);
    }

    /// <summary>Applies section texts to a document (no storage).</summary>
    public static ReportDocument Edit(ReportDocument document, IReadOnlyList<string?> sectionTexts)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(sectionTexts);
        var sections = document.Sections.Select((s, i) => i < sectionTexts.Count && sectionTexts[i] is { } text ? s with { Paragraphs = EditText.Parse(text, document) } : s).ToList();
        return document with { Sections = sections };
    }

    public byte[] Docx(ReportDocument document) => new DocxWriter(Font()).Write(document);

    public byte[] Pdf(ReportDocument document) => new PdfWriter(Font()).Write(document);

    /// <summary>
    /// The font is checked when a document is exported, not at start-up: a worker or a demo on a machine without the
    /// font still runs and drafts reports; only the export says what is missing.
    /// </summary>
    private CjkFont Font() => File.Exists(_options.FontFile)
        ? CjkFont.Of(_options.FontFile)
        : throw new InvalidOperationException($"Office:Reports:FontFile '{_options.FontFile}' does not exist, so no DOCX or PDF can be written (Debian: apt-get install fonts-wqy-zenhei, or name another CJK font)");
}
