using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using SentimentWatch.Core.Evidence;
using SentimentWatch.DutyConsole.Audit;
using SentimentWatch.DutyConsole.Queue;
using SentimentWatch.DutyConsole.Security;

namespace SentimentWatch.DutyConsole.Pages;

/// <summary>证据移交: packets (the police liaison: of incidents shared with the police), verify result, export download, hand-over record.</summary>
[Authorize(Policy = Permissions.EvidenceView)]
public sealed class EvidenceModel : ConsolePage
{
    /// <summary>Packets listed, newest first.</summary>
    public const int ListLimit = 500;

    public bool Available { get; private set; }

    public IReadOnlyList<EvidenceItem> Packets { get; private set; } = [];

    public EvidenceItem? Selected { get; private set; }

    public PacketVerification? Verification { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? packet, CancellationToken cancellationToken)
    {
        var store = HttpContext.RequestServices.GetService<IEvidenceStore>();
        Available = store is not null;
        if (store is null)
        {
            return Page();
        }

        var limit = await Visibility.LimitAsync(User, cancellationToken).ConfigureAwait(false);
        Packets = (await store.ListAsync(ListLimit, cancellationToken).ConfigureAwait(false)).Where(p => Visible(p, limit)).ToList();
        if (packet is null)
        {
            return Page();
        }

        Selected = await store.GetAsync(packet, cancellationToken).ConfigureAwait(false);
        if (Selected is null || !Visible(Selected, limit))
        {
            return NotFound();
        }

        if (HttpContext.RequestServices.GetService<IEvidencePacketVerifier>() is { } verifier)
        {
            Verification = await verifier.VerifyAsync(Selected.PacketPath, new VerificationAnchors(null, null), cancellationToken).ConfigureAwait(false);
        }

        await Audit.RecordAsync(HttpContext, "view_evidence", "packet:" + Selected.Id, Auditor.Ok, Verification is null ? "not verified" : Verification.Passed ? "verify passed" : "verify FAILED").ConfigureAwait(false);
        return Page();
    }

    /// <summary>Exports every packet of the packet's incident (or the packet alone) as the hand-over zip; the exporter records it in each custody log.</summary>
    public async Task<IActionResult> OnPostExportAsync(string? packet, CancellationToken cancellationToken)
    {
        var sp = HttpContext.RequestServices;
        if (await FindAsync(packet, cancellationToken).ConfigureAwait(false) is not { } item || sp.GetService<IEvidenceExporter>() is not { } exporter)
        {
            return NotFound();
        }

        var scope = item.IncidentId ?? item.Id;
        var zip = Path.Combine(Path.GetTempPath(), "sw-export-" + Guid.NewGuid().ToString("N") + ".zip");
        var export = await exporter.ExportAsync(scope, zip, User.Signature(), cancellationToken).ConfigureAwait(false);
        await Audit.RecordAsync(HttpContext, "export", (item.IncidentId is null ? "packet:" : "incident:") + scope, Auditor.Ok, $"{export.Items.Count} packet(s), zip sha256 {export.ZipSha256}").ConfigureAwait(false);
        var stream = new FileStream(zip, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        return File(stream, "application/zip", $"evidence-{scope}.zip");
    }

    /// <summary>Records HANDED_OVER in the packet's custody continuation, as <c>sw evidence handover ID --to WHO</c> does.</summary>
    public async Task<IActionResult> OnPostHandoverAsync(string? packet, string? to, string? how, CancellationToken cancellationToken)
    {
        if (await RequireAsync(Permissions.EvidenceHandover, "packet:" + packet).ConfigureAwait(false) is { } denied)
        {
            return denied;
        }

        var sp = HttpContext.RequestServices;
        if (await FindAsync(packet, cancellationToken).ConfigureAwait(false) is not { } item || sp.GetService<IEvidenceCustody>() is not { } custody)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(to))
        {
            Flash = "未执行：请填写接收单位和人员。";
            return LocalRedirect("/evidence?packet=" + Uri.EscapeDataString(item.Id));
        }

        var receiver = string.IsNullOrWhiteSpace(how) ? to.Trim() : $"{to.Trim()} ({how.Trim()})";
        var head = await custody.RecordAsync(item.Id, User.Signature(), "HANDED_OVER", item.Id, null, $"handed over to {receiver}", cancellationToken).ConfigureAwait(false);
        await Audit.RecordAsync(HttpContext, "handover", "packet:" + item.Id, Auditor.Ok, $"to {receiver}; continuation head {head}").ConfigureAwait(false);
        Flash = $"已记录移交给 {receiver}；保管链头哈希 {head}";
        return LocalRedirect("/evidence?packet=" + Uri.EscapeDataString(item.Id));
    }

    private IncidentVisibility Visibility => HttpContext.RequestServices.GetRequiredService<IncidentVisibility>();

    private async Task<EvidenceItem?> FindAsync(string? packet, CancellationToken cancellationToken)
    {
        if (packet is null || HttpContext.RequestServices.GetService<IEvidenceStore>() is not { } store)
        {
            return null;
        }

        var item = await store.GetAsync(packet, cancellationToken).ConfigureAwait(false);
        return item is not null && Visible(item, await Visibility.LimitAsync(User, cancellationToken).ConfigureAwait(false)) ? item : null;
    }

    private static bool Visible(EvidenceItem item, IReadOnlySet<long>? limit) =>
        limit is null || (long.TryParse(item.IncidentId, NumberStyles.None, CultureInfo.InvariantCulture, out var incident) && limit.Contains(incident));
}
