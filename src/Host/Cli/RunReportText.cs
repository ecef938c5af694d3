using System.Globalization;
using System.Text;
using SentimentWatch.Core.Collection;

namespace SentimentWatch.Host.Cli;

/// <summary>Human-readable run reports for the terminal.</summary>
internal static class RunReportText
{
    public static string Format(SourceRunReport report, Core.Configuration.SecretRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{report.SourceId}: {report.Status} in {(report.FinishedAtUtc - report.StartedAtUtc).TotalSeconds:0.0} s — ");
        sb.Append(CultureInfo.InvariantCulture, $"pages {report.PagesFetched}, items {report.ItemsParsed}, new {report.NewPosts}, edited {report.UpdatedPosts}, deleted {report.DeletedPosts}");
        if (report.HttpStatusCounts.Count > 0)
        {
            sb.Append(", HTTP ").AppendJoin(" ", report.HttpStatusCounts.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}×{kv.Value}"));
        }

        foreach (var note in report.Notes)
        {
            sb.AppendLine().Append("  ").Append(note);
        }

        foreach (var f in report.Failures)
        {
            sb.AppendLine().Append(CultureInfo.InvariantCulture, $"  FAILED {f.Kind} at {f.Url?.AbsoluteUri ?? "(source)"}: {f.Reason}");
        }

        // Failure reasons and URLs may hold a URL's credentials; the terminal never shows them.
        return redactor.Redact(sb.ToString())!;
    }
}
