namespace SentimentWatch.Alerting.Routing;

/// <summary>Who is told what, through which channel (<c>Alerting:Routing</c>).</summary>
public sealed class RoutingOptions
{
    public const string Section = "Alerting:Routing";

    /// <summary>Roles the plan and the duty system name.</summary>
    public static IReadOnlyList<string> KnownRoles { get; } = ["duty_officer", "shift_leader", "office", "group_head", "site", "police_liaison"];

    /// <summary>Roster roles that must be covered 24 hours a day.</summary>
    public static IReadOnlyList<string> RosterRoles { get; } = ["duty_officer", "shift_leader"];

    /// <summary>Channel name → channel.</summary>
    public Dictionary<string, ChannelOptions> Channels { get; set; } = [];

    /// <summary>Responder id → responder.</summary>
    public Dictionary<string, ResponderOptions> Responders { get; set; } = [];

    /// <summary>The 24-hour duty roster (Beijing time); each roster role must be covered every minute of the day.</summary>
    public List<ShiftOptions> Roster { get; set; } = [];

    /// <summary>Level name (I…IV) → route.</summary>
    public Dictionary<string, RouteOptions> Routes { get; set; } = [];

    /// <summary>Targets for collector-health events and dead letters, e.g. <c>["roster:duty_officer"]</c> (required).</summary>
    public List<string> DutyDesk { get; set; } = [];

    /// <summary>
    /// Longest silence allowed (the plan's duty never sleeps; silences are for reviewed false positives). Default
    /// 02:00:00, one minute to one day.
    /// </summary>
    public TimeSpan MaxSilence { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Longest the first notice of a new incident at Ⅰ, Ⅱ or Ⅲ waits for its route's
    /// <see cref="RouteOptions.GroupWait"/> (default zero, at most 00:01:00). The plan demands first reports
    /// without delay: group wait batches the first posts of a storm, which for these levels the updates (every
    /// <see cref="RouteOptions.GroupInterval"/>) do instead. Ⅳ waits its full group wait.
    /// </summary>
    public TimeSpan UrgentFirstWaitMax { get; set; }

    /// <summary>The daily digest (舆情日报): Ⅳ incidents, and optionally a summary of the others, once a day.</summary>
    public DigestOptions Digest { get; set; } = new();
}

/// <summary>
/// <c>Alerting:Routing:Digest</c>: the daily digest is compiled at <see cref="At"/> (Beijing time) from the 24 hours
/// before it and enqueued once per recipient with the key <c>digest:{date}:{responder}|{channel}</c>.
/// </summary>
public sealed class DigestOptions
{
    /// <summary>Whether the worker sends the digest (<c>sw alerts digest</c> previews it either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Time of day, <c>HH:mm</c> Beijing time; the digest dated D covers D−1 <c>At</c> to D <c>At</c>.</summary>
    public string At { get; set; } = "08:30";

    /// <summary>
    /// Responder ids or <c>roster:ROLE</c> (resolved at <see cref="At"/> of the digest's date). Empty: the duty desk
    /// (<see cref="RoutingOptions.DutyDesk"/>), so a configuration without this section still reports its Ⅳ incidents.
    /// </summary>
    public List<string> Recipients { get; set; } = [];

    /// <summary>Also list Ⅰ–Ⅲ incidents of the period in a short second section (在办事件).</summary>
    public bool IncludeOtherLevels { get; set; } = true;
}

/// <summary>A delivery channel.</summary>
public sealed class ChannelOptions
{
    public static IReadOnlyList<string> KnownTypes { get; } = ["email", "webhook", "wecom", "dingtalk"];

    /// <summary><c>email</c>, <c>webhook</c> (generic JSON), <c>wecom</c> (企业微信群机器人), <c>dingtalk</c> (钉钉群机器人).</summary>
    public string Type { get; set; } = string.Empty;

    /// <summary>Webhook URL (webhook/wecom/dingtalk).</summary>
    public string? Url { get; set; }

    /// <summary>DingTalk "加签" secret; when set, timestamp and sign are added to the URL.</summary>
    public string? Secret { get; set; }

    public SmtpOptions? Smtp { get; set; }

    /// <summary>Per-attempt timeout. Default 00:00:30, one second to ten minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>SMTP submission settings for an <c>email</c> channel.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 25;

    /// <summary><c>None</c>, <c>StartTls</c> (required), <c>StartTlsWhenAvailable</c>, <c>SslOnConnect</c>.</summary>
    public string Security { get; set; } = "StartTls";

    public string? UserName { get; set; }

    /// <summary>Put it in <c>config/secrets.json</c> or <c>SW_Alerting__Routing__Channels__mail__Smtp__Password</c>.</summary>
    public string? Password { get; set; }

    public string From { get; set; } = string.Empty;

    public string FromName { get; set; } = "SentimentWatch 舆情值班";

    /// <summary>Accept any server certificate (test servers with self-signed certificates only).</summary>
    public bool AcceptAnyCertificate { get; set; }
}

/// <summary>A person or desk that receives notifications.</summary>
public sealed class ResponderOptions
{
    public string Name { get; set; } = string.Empty;

    /// <summary>One of <see cref="RoutingOptions.KnownRoles"/>.</summary>
    public string Role { get; set; } = string.Empty;

    /// <summary>How to reach them: channel name → address (e-mail address for e-mail channels; empty for robots).</summary>
    public Dictionary<string, string> Contacts { get; set; } = [];
}

/// <summary>One roster entry: a responder covers a role from <see cref="From"/> to <see cref="To"/> (Beijing time, may wrap midnight).</summary>
public sealed class ShiftOptions
{
    public string Role { get; set; } = string.Empty;

    public string Responder { get; set; } = string.Empty;

    /// <summary><c>HH:mm</c>.</summary>
    public string From { get; set; } = "00:00";

    /// <summary><c>HH:mm</c>; <c>24:00</c> or equal to <see cref="From"/> means through midnight.</summary>
    public string To { get; set; } = "24:00";
}

/// <summary>Where one level goes, and how updates are batched.</summary>
public sealed class RouteOptions
{
    /// <summary>Responder ids, <c>roster:ROLE</c> (whoever is on shift) or <c>sites</c> (the contacts of the sites named in the incident).</summary>
    public List<string> Targets { get; set; } = [];

    /// <summary>Ⅲ: the notification asks the leading group for approval (the plan: Ⅲ is handled after approval).</summary>
    public bool ApprovalRequest { get; set; }

    /// <summary>Ⅰ: the notification carries a draft report for the province.</summary>
    public bool DraftReport { get; set; }

    /// <summary>Ⅳ: also listed in the daily digest.</summary>
    public bool Digest { get; set; }

    /// <summary>
    /// Wait before the first notification of a new incident so the first posts of a storm go out together. For Ⅰ–Ⅲ
    /// at most <see cref="RoutingOptions.UrgentFirstWaitMax"/>; upgrades re-notify at once. Default 00:00:30, at most one hour.
    /// </summary>
    public TimeSpan GroupWait { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Minimum spacing of update notifications of one incident. Default 00:05:00, one second to one day.</summary>
    public TimeSpan GroupInterval { get; set; } = TimeSpan.FromMinutes(5);
}
