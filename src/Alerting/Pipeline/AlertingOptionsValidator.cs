using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Routing;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Alerting.Pipeline;

/// <summary>Refuses start-up on any bad alerting setting, naming every problem with its key and value.</summary>
internal sealed class AlertingOptionsValidator(IConfiguration configuration) : IValidateOptions<AlertingOptions>
{
    private static readonly string[] Levels = ["I", "II", "III", "IV"];

    public ValidateOptionsResult Validate(string? name, AlertingOptions options)
    {
        var errors = Check(options);
        RetiredKeys.Check(configuration.GetSection(AlertingOptions.Section), errors);
        return errors.ToResult();
    }

    public static ConfigErrors Check(AlertingOptions o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var e = new ConfigErrors();
        const string p = AlertingOptions.Section;
        Span(e, $"{p}:PollInterval", o.PollInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));

        CheckGrading(o, e);
        CheckIncidents(o, e);
        CheckRouting(o, e);
        CheckDeliveryAckEscalation(o, e);
        return e;
    }

    private static void CheckGrading(AlertingOptions o, ConfigErrors e)
    {
        var g = o.Grading;
        for (var i = 0; i < g.ContentFloors.Count; i++)
        {
            var f = g.ContentFloors[i];
            var k = $"Alerting:Grading:ContentFloors:{i}";
            if (!Labels.All.Contains(f.Label))
            {
                e.Add($"{k}:Label", f.Label, $"is not a classifier label ({string.Join(", ", Labels.All)})");
            }

            if (!IncidentLevels.TryParse(f.Level, out _))
            {
                e.Add($"{k}:Level", f.Level, "is not a level (I, II, III, IV)");
            }

            foreach (var stage in f.Stages.Where(s => !ExamCalendarOptions.KnownStages.Contains(s)))
            {
                e.Add($"{k}:Stages", stage, "is not an exam stage");
            }
        }

        for (var i = 0; i < g.SpreadTriggers.Count; i++)
        {
            var t = g.SpreadTriggers[i];
            var k = $"Alerting:Grading:SpreadTriggers:{i}";
            if (!GradingOptions.KnownMetrics.Contains(t.Metric))
            {
                e.Add($"{k}:Metric", t.Metric, $"is not a metric ({string.Join(", ", GradingOptions.KnownMetrics)})");
            }

            if (t.Thresholds.Count == 0)
            {
                e.Add($"{k}:Thresholds", "has no thresholds");
            }

            foreach (var (level, value) in t.Thresholds)
            {
                if (!IncidentLevels.TryParse(level, out _))
                {
                    e.Add($"{k}:Thresholds:{level}", value, "is under a key that is not a level (I, II, III, IV)");
                }
                else if (value <= 0 || double.IsNaN(value))
                {
                    e.Add($"{k}:Thresholds:{level}", value, "must be positive");
                }
            }
        }

        if (g.SensitivityFactor is <= 0 or > 1 || double.IsNaN(g.SensitivityFactor))
        {
            e.Add("Alerting:Grading:SensitivityFactor", g.SensitivityFactor, "must be in (0, 1]");
        }

        foreach (var (dim, weight) in g.Score.Weights)
        {
            if (dim != "topic" && !GradingOptions.KnownMetrics.Contains(dim))
            {
                e.Add($"Alerting:Grading:Score:Weights:{dim}", weight, "is under a key that is neither 'topic' nor a metric");
            }
            else if (dim != "topic" && (!g.Score.Bounds.TryGetValue(dim, out var b) || b.Count != 4))
            {
                e.Add($"Alerting:Grading:Score:Bounds:{dim}", "needs exactly four ascending bounds");
            }

            if (weight < 0)
            {
                e.Add($"Alerting:Grading:Score:Weights:{dim}", weight, "must not be negative");
            }
        }

        foreach (var (dim, bounds) in g.Score.Bounds)
        {
            for (var i = 1; i < bounds.Count; i++)
            {
                if (bounds[i] < bounds[i - 1])
                {
                    e.Add($"Alerting:Grading:Score:Bounds:{dim}:{i}", bounds[i], "is below the bound before it");
                }
            }
        }

        foreach (var (level, cutoff) in g.Score.Cutoffs)
        {
            if (!IncidentLevels.TryParse(level, out _))
            {
                e.Add($"Alerting:Grading:Score:Cutoffs:{level}", cutoff, "is under a key that is not a level");
            }
        }
    }

    private static void CheckIncidents(AlertingOptions o, ConfigErrors e)
    {
        var n = o.Incidents;
        const string k = "Alerting:Incidents";
        if (n.MinHashPermutations < 16 || n.LshBands < 1 || n.MinHashPermutations % n.LshBands != 0)
        {
            e.Add($"{k}:LshBands", n.LshBands, $"must divide MinHashPermutations ({n.MinHashPermutations}, at least 16)");
        }

        if (n.MinHashThreshold is <= 0 or > 1)
        {
            e.Add($"{k}:MinHashThreshold", n.MinHashThreshold, "must be in (0, 1]");
        }

        if (n.TopicThreshold is <= 0 or > 1)
        {
            e.Add($"{k}:TopicThreshold", n.TopicThreshold, "must be in (0, 1]");
        }

        if (n.SimHashMaxDistance is < 0 or > 16)
        {
            e.Add($"{k}:SimHashMaxDistance", n.SimHashMaxDistance, "must be 0…16");
        }

        if (n.ShingleChars is < 1 or > 10)
        {
            e.Add($"{k}:ShingleChars", n.ShingleChars, "must be 1…10");
        }

        Span(e, $"{k}:BinWidth", n.BinWidth, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));

        if (n.BurstLag < 2)
        {
            e.Add($"{k}:BurstLag", n.BurstLag, "must be at least 2 bins");
        }

        if (n.BurstInfluence is < 0 or > 1)
        {
            e.Add($"{k}:BurstInfluence", n.BurstInfluence, "must be in [0, 1]");
        }

        Span(e, $"{k}:Window", n.Window, TimeSpan.FromHours(1), TimeSpan.FromDays(365));
    }

    private static void CheckRouting(AlertingOptions o, ConfigErrors e)
    {
        var r = o.Routing;
        const string k = "Alerting:Routing";
        foreach (var (name, ch) in r.Channels)
        {
            var ck = $"{k}:Channels:{name}";
            if (!ChannelOptions.KnownTypes.Contains(ch.Type))
            {
                e.Add($"{ck}:Type", ch.Type, $"is not a channel type ({string.Join(", ", ChannelOptions.KnownTypes)})");
            }
            else if (ch.Type == "email")
            {
                if (ch.Smtp is null)
                {
                    e.Add($"{ck}:Smtp", "an e-mail channel needs Smtp settings");
                }
                else
                {
                    if (string.IsNullOrWhiteSpace(ch.Smtp.Host))
                    {
                        e.Add($"{ck}:Smtp:Host", ch.Smtp.Host, "is empty");
                    }

                    if (ch.Smtp.Port is < 1 or > 65535)
                    {
                        e.Add($"{ck}:Smtp:Port", ch.Smtp.Port, "is not a TCP port");
                    }

                    if (!IsEmail(ch.Smtp.From))
                    {
                        e.Add($"{ck}:Smtp:From", ch.Smtp.From, "is not a valid e-mail address");
                    }

                    if (ch.Smtp.Security is not ("None" or "StartTls" or "StartTlsWhenAvailable" or "SslOnConnect"))
                    {
                        e.Add($"{ck}:Smtp:Security", ch.Smtp.Security, "must be None, StartTls, StartTlsWhenAvailable or SslOnConnect");
                    }
                }
            }
            else if (!Uri.TryCreate(ch.Url, UriKind.Absolute, out var u) || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
            {
                // A webhook URL carries the robot's key: name the setting, never print the value.
                e.Add($"{ck}:Url", "is not an absolute http(s) URI (value not shown: a webhook URL carries its key)");
            }

            Span(e, $"{ck}:Timeout", ch.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        }

        foreach (var (id, resp) in r.Responders)
        {
            var rk = $"{k}:Responders:{id}";
            if (!RoutingOptions.KnownRoles.Contains(resp.Role))
            {
                e.Add($"{rk}:Role", resp.Role, $"is not a role ({string.Join(", ", RoutingOptions.KnownRoles)})");
            }

            if (resp.Contacts.Count == 0)
            {
                e.Add($"{rk}:Contacts", "has no contact: the responder could never be reached");
            }

            foreach (var (channel, address) in resp.Contacts)
            {
                if (!r.Channels.TryGetValue(channel, out var ch))
                {
                    e.Add($"{rk}:Contacts:{channel}", address, $"names an unknown channel '{channel}'");
                }
                else if (ch.Type == "email" && !IsEmail(address))
                {
                    e.Add($"{rk}:Contacts:{channel}", address, "is not a valid e-mail address");
                }
            }
        }

        for (var i = 0; i < r.Roster.Count; i++)
        {
            var s = r.Roster[i];
            var sk = $"{k}:Roster:{i}";
            if (!RoutingOptions.KnownRoles.Contains(s.Role))
            {
                e.Add($"{sk}:Role", s.Role, "is not a role");
            }

            if (!r.Responders.ContainsKey(s.Responder))
            {
                e.Add($"{sk}:Responder", s.Responder, "is not a configured responder");
            }

            if (Roster.ParseClock(s.From) is null)
            {
                e.Add($"{sk}:From", s.From, "is not a time HH:mm");
            }

            if (Roster.ParseClock(s.To) is null)
            {
                e.Add($"{sk}:To", s.To, "is not a time HH:mm (24:00 allowed)");
            }
        }

        foreach (var role in RoutingOptions.RosterRoles)
        {
            foreach (var gap in Roster.Gaps(r.Roster, role))
            {
                e.Add($"{k}:Roster", $"role {role} is not covered {gap} (Beijing time): the 24-hour duty has a gap");
            }
        }

        foreach (var level in Levels)
        {
            if (!r.Routes.TryGetValue(level, out var route) || route.Targets.Count == 0)
            {
                e.Add($"{k}:Routes:{level}", "level has no responder: every level needs a route with at least one target");
                continue;
            }

            CheckTargets($"{k}:Routes:{level}:Targets", route.Targets, r, e, allowSites: true);
            Span(e, $"{k}:Routes:{level}:GroupWait", route.GroupWait, TimeSpan.Zero, TimeSpan.FromHours(1));
            Span(e, $"{k}:Routes:{level}:GroupInterval", route.GroupInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        }

        foreach (var key in r.Routes.Keys.Where(l => !Levels.Contains(l)))
        {
            e.Add($"{k}:Routes:{key}", key, "is not a level (I, II, III, IV)");
        }

        Span(e, $"{k}:UrgentFirstWaitMax", r.UrgentFirstWaitMax, TimeSpan.Zero, TimeSpan.FromMinutes(1), " (first reports of Ⅰ–Ⅲ go out without delay)");

        CheckTargets($"{k}:DutyDesk", r.DutyDesk, r, e, allowSites: false);
        if (r.DutyDesk.Count == 0)
        {
            e.Add($"{k}:DutyDesk", "is empty: collector-health events and dead letters need a desk");
        }

        Span(e, $"{k}:MaxSilence", r.MaxSilence, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));

        CheckDigest(r, e);

        for (var i = 0; i < o.Gazetteer.Sites.Count; i++)
        {
            var site = o.Gazetteer.Sites[i];
            if (string.IsNullOrWhiteSpace(site.Id) || string.IsNullOrWhiteSpace(site.Name))
            {
                e.Add($"Alerting:Gazetteer:Sites:{i}", "needs an Id and a Name");
            }

            if (site.Responder is not null && !r.Responders.ContainsKey(site.Responder))
            {
                e.Add($"Alerting:Gazetteer:Sites:{i}:Responder", site.Responder, "is not a configured responder");
            }
        }
    }

    private static void CheckDigest(RoutingOptions r, ConfigErrors e)
    {
        const string k = "Alerting:Routing:Digest";
        var d = r.Digest;
        if (Roster.ParseClock(d.At) is not { } minute || minute >= 24 * 60)
        {
            e.Add($"{k}:At", d.At, "is not a time of day HH:mm (00:00…23:59, Beijing time)");
        }

        CheckTargets($"{k}:Recipients", d.Recipients, r, e, allowSites: false);
    }

    private static void CheckTargets(string key, List<string> targets, RoutingOptions r, ConfigErrors e, bool allowSites)
    {
        for (var i = 0; i < targets.Count; i++)
        {
            var t = targets[i];
            var ok = (allowSites && t == "sites")
                || (t.StartsWith("roster:", StringComparison.Ordinal) && RoutingOptions.RosterRoles.Contains(t["roster:".Length..]))
                || r.Responders.ContainsKey(t);
            if (!ok)
            {
                e.Add($"{key}:{i}", t, "is not a responder, roster:ROLE" + (allowSites ? " or 'sites'" : string.Empty));
            }
        }
    }

    private static void CheckDeliveryAckEscalation(AlertingOptions o, ConfigErrors e)
    {
        var d = o.Delivery;
        if (d.MaxAttempts is < 1 or > 100)
        {
            e.Add("Alerting:Delivery:MaxAttempts", d.MaxAttempts, "must be 1…100");
        }

        if (d.BackoffBase <= TimeSpan.Zero || d.BackoffMax < d.BackoffBase)
        {
            e.Add("Alerting:Delivery:BackoffBase", d.BackoffBase, $"must be a positive time span not above Alerting:Delivery:BackoffMax ({d.BackoffMax})");
        }

        Span(e, "Alerting:Delivery:BackoffMax", d.BackoffMax, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Span(e, "Alerting:Delivery:PollInterval", d.PollInterval, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(10));

        if (d.BatchSize is < 1 or > 10000)
        {
            e.Add("Alerting:Delivery:BatchSize", d.BatchSize, "must be 1…10000");
        }

        var a = o.Ack;
        byte[]? key = null;
        try
        {
            key = Convert.FromBase64String(a.SigningKey);
        }
        catch (FormatException)
        {
        }

        if (a.SigningKey.Length > 0 && (key is null || key.Length < 32))
        {
            // The value itself is a secret: name the key, never echo it.
            e.Add("Alerting:Ack:SigningKey", "must be base64 of at least 32 random bytes (set it in config/secrets.json, or leave it empty to use a generated key file under Paths:Data)");
        }

        if (!Uri.TryCreate(a.BaseUrl, UriKind.Absolute, out var baseUri) || baseUri.Scheme is not ("http" or "https"))
        {
            e.Add("Alerting:Ack:BaseUrl", a.BaseUrl, "is not an absolute http(s) URI");
        }

        if (!Uri.TryCreate(a.Listen, UriKind.Absolute, out var listen) || listen.Scheme != "http")
        {
            e.Add("Alerting:Ack:Listen", a.Listen, "is not an http URI to listen on");
        }

        Span(e, "Alerting:Ack:LinkLifetime", a.LinkLifetime, TimeSpan.FromHours(1), TimeSpan.FromDays(30));

        foreach (var (level, policy) in o.Escalation.Levels)
        {
            var k = $"Alerting:Escalation:Levels:{level}";
            if (!Levels.Contains(level))
            {
                e.Add(k, level, "is not a level (I, II, III, IV)");
            }

            for (var i = 0; i < policy.Steps.Count; i++)
            {
                Span(e, $"{k}:Steps:{i}:After", policy.Steps[i].After, TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));

                if (policy.Steps[i].Targets.Count == 0)
                {
                    e.Add($"{k}:Steps:{i}:Targets", "is empty");
                }

                CheckTargets($"{k}:Steps:{i}:Targets", policy.Steps[i].Targets, o.Routing, e, allowSites: false);
            }

            Span(e, $"{k}:FirstReportDue", policy.FirstReportDue, TimeSpan.Zero, TimeSpan.FromDays(7), " (zero: none)");
            Span(e, $"{k}:WrittenReportDue", policy.WrittenReportDue, TimeSpan.Zero, TimeSpan.FromDays(7), " (zero: none)");
        }
    }

    internal static bool IsEmail(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Contains(' ', StringComparison.Ordinal))
        {
            return false;
        }

        if (!MailboxAddress.TryParse(ParserOptions.Default, address, out var mailbox) || mailbox.Address != address.Trim())
        {
            return false;
        }

        var at = mailbox.Address.LastIndexOf('@');
        return at > 0 && at < mailbox.Address.Length - 1 && mailbox.Address[(at + 1)..].Contains('.', StringComparison.Ordinal);
    }

    /// <summary>Adds <c>Key 'value' must be a time span from MIN to MAX</c> when <paramref name="value"/> lies outside.</summary>
    internal static void Span(ConfigErrors e, string key, TimeSpan value, TimeSpan min, TimeSpan max, string why = "")
    {
        if (value < min || value > max)
        {
            e.Add(key, value, string.Create(CultureInfo.InvariantCulture, $"must be a time span from {min} to {max}{why}"));
        }
    }

    internal static string Fmt(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
