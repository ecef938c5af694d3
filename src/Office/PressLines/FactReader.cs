using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Time;

namespace SentimentWatch.Office.PressLines;

/// <summary>
/// Reads an incident's verified facts from the store. An incident's own facts (title, level, spread) count as verified
/// only once a person acknowledged one of its alerts; its label only once a commentator confirmed or relabelled it;
/// police and takedown facts only when recorded. Anything else stays a visible blank.
/// </summary>
public sealed class FactReader(
    IIncidentStore incidents,
    IAlertStore alerts,
    IIncidentActionStore actions,
    IIncidentWorkStore work,
    IOptions<PressLineOptions> options,
    TimeProvider time,
    IServiceProvider services)
{
    private static readonly Dictionary<string, string> LabelNames = new(StringComparer.Ordinal)
    {
        ["leak"] = "泄题传言", ["answer_selling"] = "售卖答案", ["cheating"] = "组织作弊", ["fraud"] = "考试诈骗",
        ["rumour"] = "考试安排谣言", ["complaint"] = "考生投诉", ["normal"] = "正常信息",
    };

    public async Task<FactSheet> ReadAsync(long incidentId, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var facts = new List<Fact>
        {
            Fact("incident.id", "#" + incidentId.ToString(CultureInfo.InvariantCulture), $"incident:{incidentId}"),
            Fact("exam.name", o.ExamName, "config Office:PressLines:ExamName"),
            Fact("office.name", o.Organisation, "config Office:PressLines:Organisation"),
            Fact("office.hotline", o.Hotline, "config Office:PressLines:Hotline"),
            Fact("today", ChinaTime.ToBeijing(time.GetUtcNow()).ToString("yyyy年M月d日", CultureInfo.InvariantCulture), "clock"),
        };
        var incident = await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (incident is null)
        {
            return new FactSheet(facts);
        }

        var acked = (await alerts.ListAlertsOfIncidentAsync(incidentId, cancellationToken).ConfigureAwait(false))
            .Where(a => a.AcknowledgedBy is not null).OrderBy(a => a.AcknowledgedUtc).FirstOrDefault();
        if (acked is not null)
        {
            var by = $"alert:{acked.Id} 签收（{acked.AcknowledgedBy}）";
            facts.Add(Fact("incident.title", incident.Title, $"incident:{incidentId}; {by}"));
            facts.Add(Fact("incident.level", $"{incident.Level.Roman()}级", $"incident:{incidentId}; {by}"));
            facts.Add(Fact("incident.first_seen", ChinaTime.ToBeijing(incident.FirstSeenUtc).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture), $"post:{incident.FirstPostId}"));
            var posts = await incidents.GetPostsAsync(incidentId, cancellationToken).ConfigureAwait(false);
            var first = posts.FirstOrDefault(p => p.PostId == incident.FirstPostId);
            facts.Add(Fact("incident.first_platform", first?.Platform, $"post:{incident.FirstPostId}"));
            facts.Add(Fact("incident.platforms", string.Join("、", incident.Platforms), $"incident:{incidentId}"));
            facts.Add(Fact("incident.post_count", incident.PostCount.ToString(CultureInfo.InvariantCulture), $"incident:{incidentId}"));
            facts.Add(Fact("incident.sites", string.Join("、", incident.Sites), $"incident:{incidentId}"));
        }

        var log = await actions.GetActionsAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (log.LastOrDefault(a => a.Action == IncidentActionKinds.Feedback && a.Detail is not null) is { } decided)
        {
            facts.Add(Fact("incident.label", LabelNames.GetValueOrDefault(decided.Detail!) ?? decided.Detail, $"incident:{incidentId} action:{decided.Id}（{decided.By}）"));
        }

        var items = await work.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (items.FirstOrDefault(w => w.Kind == IncidentWorkKinds.SharePolice) is { } shared)
        {
            facts.Add(Fact("police.handed_over", ChinaTime.ToBeijing(shared.AtUtc).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture), $"work:{shared.Id}（{shared.Actor}）"));
        }

        if (services.GetService<IEvidenceStore>() is { } evidence)
        {
            var packets = await evidence.FindByAlertOrIncidentAsync(incidentId.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            if (packets.Count > 0)
            {
                facts.Add(Fact("evidence.packets", packets.Count.ToString(CultureInfo.InvariantCulture), string.Join(",", packets.Select(p => "evidence:" + p.Id))));
            }
        }

        if (services.GetService<ITakedownStore>() is { } takedowns)
        {
            var postIds = (await incidents.GetPostsAsync(incidentId, cancellationToken).ConfigureAwait(false)).Select(p => p.PostId).Distinct().ToList();
            var removed = (await takedowns.ListForPostsAsync(postIds, [], cancellationToken).ConfigureAwait(false)).Where(t => t.RemovedAtUtc is not null).ToList();
            if (removed.Count > 0)
            {
                facts.Add(Fact("takedown.removed", removed.Count.ToString(CultureInfo.InvariantCulture), string.Join(",", removed.Select(t => "takedown:" + t.Id))));
            }
        }

        return new FactSheet(facts);
    }

    private static Fact Fact(string name, string? value, string source) => new(name, FactSheet.Catalogue[name], string.IsNullOrWhiteSpace(value) ? null : value, source);
}
