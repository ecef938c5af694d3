namespace SentimentWatch.DutyConsole.Security;

/// <summary>The console's roles, as the plan names the people.</summary>
public static class Roles
{
    public const string Commentator = "研判员";
    public const string DutyLeader = "值班长";
    public const string Office = "办公室";
    public const string PoliceLiaison = "公安联络员";
    public const string Admin = "管理员";

    /// <summary>领导小组领导: approves (审定) press lines and press releases; reads what the office and duty leader read.</summary>
    public const string Leader = "领导";

    public static IReadOnlyList<string> All { get; } = [Commentator, DutyLeader, Office, PoliceLiaison, Admin, Leader];
}

/// <summary>What a role may do. Every page and every state-changing handler names one permission; the server checks it.</summary>
public static class Permissions
{
    /// <summary>The queue (研判队列) and its counts.</summary>
    public const string QueueView = "queue.view";

    /// <summary>An incident page (the police liaison: only incidents shared with the police).</summary>
    public const string IncidentView = "incident.view";

    /// <summary>Acknowledge, confirm, false positive, relabel, assign, guidance replies and notes.</summary>
    public const string Triage = "incident.triage";

    /// <summary>Downgrade, merge, close, re-open, share with the police.</summary>
    public const string Decide = "incident.decide";

    /// <summary>Evidence packets: list, verify result, download the export.</summary>
    public const string EvidenceView = "evidence.view";

    /// <summary>Record a hand-over in a packet's custody log.</summary>
    public const string EvidenceHandover = "evidence.handover";

    public const string SourcesView = "sources.view";

    public const string Search = "search.view";

    public const string AuditView = "audit.view";

    /// <summary>Reports (报告): list, preview with their sources, download DOCX/PDF.</summary>
    public const string ReportsView = "reports.view";

    /// <summary>Reports: generate from the store, edit a draft's text (each edit a new version).</summary>
    public const string ReportsDraft = "reports.draft";

    /// <summary>Every version of press lines and releases with their workflow, diffs and the media interview log (commentators see approved lines on the queue and incident page only).</summary>
    public const string PressLinesView = "presslines.view";

    /// <summary>Draft, edit, 送审 and 发布 press lines and releases; record media interview requests.</summary>
    public const string PressLinesDraft = "presslines.draft";

    /// <summary>审定 or 退回 a submitted press line or release.</summary>
    public const string PressLinesApprove = "presslines.approve";

    /// <summary>The evaluation (总结评估) of an incident or a sitting.</summary>
    public const string EvaluationView = "evaluation.view";

    public static IReadOnlyList<string> All { get; } = [QueueView, IncidentView, Triage, Decide, EvidenceView, EvidenceHandover, SourcesView, Search, AuditView, PressLinesView, PressLinesDraft, PressLinesApprove, EvaluationView, ReportsView, ReportsDraft];

    /// <summary>The shipped table (docs/console.md); <c>Console:Permissions</c> replaces it as a whole.</summary>
    public static IReadOnlyDictionary<string, string[]> DefaultTable { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [QueueView] = [Roles.Commentator, Roles.DutyLeader, Roles.Office, Roles.Admin, Roles.Leader],
        [IncidentView] = [Roles.Commentator, Roles.DutyLeader, Roles.Office, Roles.PoliceLiaison, Roles.Admin, Roles.Leader],
        [Triage] = [Roles.Commentator, Roles.DutyLeader, Roles.Admin],
        [Decide] = [Roles.DutyLeader, Roles.Admin],
        [EvidenceView] = [Roles.DutyLeader, Roles.Office, Roles.PoliceLiaison, Roles.Admin, Roles.Leader],
        [EvidenceHandover] = [Roles.DutyLeader, Roles.PoliceLiaison, Roles.Admin],
        [SourcesView] = [Roles.Commentator, Roles.DutyLeader, Roles.Office, Roles.Admin, Roles.Leader],
        [Search] = [Roles.Commentator, Roles.DutyLeader, Roles.Office, Roles.Admin, Roles.Leader],
        [AuditView] = [Roles.Admin],
        [PressLinesView] = [Roles.DutyLeader, Roles.Office, Roles.Leader, Roles.Admin],
        [PressLinesDraft] = [Roles.Office],
        [PressLinesApprove] = [Roles.Leader],
        [EvaluationView] = [Roles.DutyLeader, Roles.Office, Roles.Leader, Roles.Admin],
        [ReportsView] = [Roles.DutyLeader, Roles.Office, Roles.Leader, Roles.Admin],
        [ReportsDraft] = [Roles.DutyLeader, Roles.Office, Roles.Admin],
    };
}
