using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Evidence;
using SentimentWatch.Core.Time;
using SentimentWatch.Office.Facts;

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
        var now = time.GetUtcNow();
        var incident = await incidents.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
        // A missing incident still gets its number as a fact; its reference then does not resolve and a check says so.
        var incidentRef = incident is null ? new SourceRef(SourceKinds.Incident, incidentId.ToString(CultureInfo.InvariantCulture), null, $"事件 #{incidentId}") : Refs.Incident(incident);
        var facts = new List<PressLineFact>
        {
            Fact("incident.id", "#" + incidentId.ToString(CultureInfo.InvariantCulture), incidentRef),
            Fact("exam.name", o.ExamName, Refs.Config(PressLineOptions.Section + ":" + nameof(o.ExamName))),
            Fact("office.name", o.Organisation, Refs.Config(PressLineOptions.Section + ":" + nameof(o.Organisation))),
            Fact("office.hotline", o.Hotline, Refs.Config(PressLineOptions.Section + ":" + nameof(o.Hotline))),
            Fact("today", ChinaTime.ToBeijing(now).ToString("yyyy年M月d日", CultureInfo.InvariantCulture), Refs.Clock(now)),
        };
        if (incident is null)
        {
            return new FactSheet(facts);
        }

        var acked = (await alerts.ListAlertsOfIncidentAsync(incidentId, cancellationToken).ConfigureAwait(false))
            .Where(a => a.AcknowledgedBy is not null).OrderBy(a => a.AcknowledgedUtc).FirstOrDefault();
        var posts = await incidents.GetPostsAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (acked is not null)
        {
            var verified = Refs.Alert(acked);
            var first = posts.FirstOrDefault(p => p.PostId == incident.FirstPostId);
            var firstRef = first is null ? incidentRef : Refs.Post(first);
            facts.Add(Fact("incident.title", incident.Title, incidentRef, verified));
            facts.Add(Fact("incident.level", $"{incident.Level.Roman()}级", incidentRef, verified));
            facts.Add(Fact("incident.first_seen", ChinaTime.ToBeijing(incident.FirstSeenUtc).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture), firstRef));
            facts.Add(Fact("incident.first_platform", first?.Platform, firstRef));
            facts.Add(Fact("incident.platforms", string.Join("、", incident.Platforms), incidentRef));
            facts.Add(Fact("incident.post_count", incident.PostCount.ToString(CultureInfo.InvariantCulture), incidentRef));
            facts.Add(Fact("incident.sites", string.Join("、", incident.Sites), incidentRef));
        }

        var log = await actions.GetActionsAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (log.LastOrDefault(a => a.Action == IncidentActionKinds.Feedback && a.Detail is not null) is { } decided)
        {
            facts.Add(Fact("incident.label", LabelNames.GetValueOrDefault(decided.Detail!) ?? decided.Detail, incidentRef, Refs.Action(decided)));
        }

        var items = await work.GetAsync(incidentId, cancellationToken).ConfigureAwait(false);
        if (items.FirstOrDefault(w => w.Kind == IncidentWorkKinds.SharePolice) is { } shared)
        {
            facts.Add(Fact("police.handed_over", ChinaTime.ToBeijing(shared.AtUtc).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture), Refs.Work(shared)));
        }

        if (services.GetService<IEvidenceStore>() is { } evidence)
        {
            var packets = await evidence.FindByAlertOrIncidentAsync(incidentId.ToString(CultureInfo.InvariantCulture), cancellationToken).ConfigureAwait(false);
            if (packets.Count > 0)
            {
                facts.Add(Fact("evidence.packets", packets.Count.ToString(CultureInfo.InvariantCulture), [.. packets.Select(Refs.Evidence)]));
            }
        }

        if (services.GetService<ITakedownStore>() is { } takedowns)
        {
            var postIds = posts.Select(p => p.PostId).Distinct().ToList();
            var removed = (await takedowns.ListForPostsAsync(postIds, [], cancellationToken).ConfigureAwait(false)).Where(t => t.RemovedAtUtc is not null).ToList();
            if (removed.Count > 0)
            {
                facts.Add(Fact("takedown.removed", removed.Count.ToString(CultureInfo.InvariantCulture), [.. removed.Select(Refs.Takedown)]));
            }
        }

        return new FactSheet(facts);
    }

    private static PressLineFact Fact(string name, string? value, params SourceRef[] sources) =>
        new(name, FactSheet.Catalogue[name], string.IsNullOrWhiteSpace(value) ? null : value, [.. sources.DistinctBy(s => s.Key)]);
}
