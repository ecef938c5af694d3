using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Routing;

/// <summary>One delivery target: a responder reached over one channel at one address.</summary>
public sealed record Recipient(string ResponderId, string ResponderName, string Role, string Channel, string Address);

/// <summary>Turns route targets (responders, <c>roster:ROLE</c>, <c>sites</c>) into concrete recipients at a moment.</summary>
internal sealed class Router(IOptions<RoutingOptions> options, Gazetteer gazetteer)
{
    public RouteOptions? RouteFor(IncidentLevel level) =>
        options.Value.Routes.TryGetValue(level.ToString(), out var route) ? route : null;

    /// <summary>
    /// How long the first notice of a new incident at <paramref name="level"/> waits before it is due: the route's
    /// group wait, capped for Ⅰ–Ⅲ at <see cref="RoutingOptions.UrgentFirstWaitMax"/> (first reports without delay).
    /// </summary>
    public TimeSpan FirstNoticeWait(IncidentLevel level, RouteOptions route)
    {
        var wait = route.GroupWait > TimeSpan.Zero ? route.GroupWait : TimeSpan.Zero;
        if (level >= IncidentLevel.III)
        {
            var cap = options.Value.UrgentFirstWaitMax > TimeSpan.Zero ? options.Value.UrgentFirstWaitMax : TimeSpan.Zero;
            wait = wait < cap ? wait : cap;
        }

        return wait;
    }

    public IReadOnlyList<Recipient> Resolve(IEnumerable<string> targets, IReadOnlyList<string> sites, DateTimeOffset at)
    {
        var o = options.Value;
        var responderIds = new List<string>();
        foreach (var target in targets)
        {
            if (target == "sites")
            {
                responderIds.AddRange(sites.Select(s => gazetteer.Get(s)?.Responder).OfType<string>());
            }
            else if (target.StartsWith("roster:", StringComparison.Ordinal))
            {
                responderIds.AddRange(Roster.OnShift(o.Roster, target["roster:".Length..], at));
            }
            else
            {
                responderIds.Add(target);
            }
        }

        var result = new List<Recipient>();
        var seen = new HashSet<(string, string)>();
        foreach (var id in responderIds.Distinct(StringComparer.Ordinal))
        {
            if (!o.Responders.TryGetValue(id, out var responder))
            {
                continue;
            }

            foreach (var (channel, address) in responder.Contacts)
            {
                var key = o.Channels.TryGetValue(channel, out var ch) && ch.Type == "email" ? address : channel;
                if (seen.Add((channel, key)))
                {
                    result.Add(new Recipient(id, responder.Name, responder.Role, channel, address));
                }
            }
        }

        return result;
    }
}
