using Microsoft.Extensions.Options;
using MimeKit;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Configuration;

namespace SentimentWatch.Alerting.Routing;

/// <summary>Checks <c>Alerting:Routing</c>: channels, responders, the 24-hour roster, a route with targets for every level, the desk, silences and the digest.</summary>
internal sealed class RoutingOptionsValidator : IValidateOptions<RoutingOptions>
{
    private static readonly string[] Levels = ["I", "II", "III", "IV"];

    public ValidateOptionsResult Validate(string? name, RoutingOptions options) => ConfigErrors.Collect(e => Check(options, e));

    /// <summary>Adds every problem of <paramref name="r"/>, each naming its key under <c>Alerting:Routing</c>.</summary>
    public static void Check(RoutingOptions r, ConfigErrors e)
    {
        ArgumentNullException.ThrowIfNull(r);
        ArgumentNullException.ThrowIfNull(e);
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

            e.Range($"{ck}:Timeout", ch.Timeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
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
            e.Range($"{k}:Routes:{level}:GroupWait", route.GroupWait, TimeSpan.Zero, TimeSpan.FromHours(1));
            e.Range($"{k}:Routes:{level}:GroupInterval", route.GroupInterval, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        }

        foreach (var key in r.Routes.Keys.Where(l => !Levels.Contains(l)))
        {
            e.Add($"{k}:Routes:{key}", key, "is not a level (I, II, III, IV)");
        }

        e.Range($"{k}:UrgentFirstWaitMax", r.UrgentFirstWaitMax, TimeSpan.Zero, TimeSpan.FromMinutes(1), " (first reports of Ⅰ–Ⅲ go out without delay)");

        CheckTargets($"{k}:DutyDesk", r.DutyDesk, r, e, allowSites: false);
        if (r.DutyDesk.Count == 0)
        {
            e.Add($"{k}:DutyDesk", "is empty: collector-health events and dead letters need a desk");
        }

        e.Range($"{k}:MaxSilence", r.MaxSilence, TimeSpan.FromMinutes(1), TimeSpan.FromDays(1));

        CheckDigest(r, e);
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

    /// <summary>Each target must be a responder, <c>roster:ROLE</c> or (where allowed) <c>sites</c>.</summary>
    internal static void CheckTargets(string key, List<string> targets, RoutingOptions r, ConfigErrors e, bool allowSites)
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
}
