namespace SentimentWatch.Core.PressLines;

/// <summary>The two texts the office writes for the press: the press line (口径) and the press release (新闻通稿).</summary>
public static class PressLineKinds
{
    /// <summary>对外宣传报道口径: what everyone who speaks for the office says.</summary>
    public const string Line = "line";

    /// <summary>新闻通稿: the text handed to the media.</summary>
    public const string Release = "release";

    public static IReadOnlyList<string> All { get; } = [Line, Release];

    public static string ChineseName(string kind) => kind == Release ? "新闻通稿" : "口径";
}

/// <summary>The workflow: draft → 送审 (submitted) → 审定 (approved) or 退回 (returned, with a comment) → 发布 (published).</summary>
public static class PressLineStates
{
    public const string Draft = "draft";
    public const string Submitted = "submitted";
    public const string Approved = "approved";
    public const string Returned = "returned";
    public const string Published = "published";

    public static string ChineseName(string state) => state switch
    {
        Draft => "草稿",
        Submitted => "送审中",
        Approved => "已审定",
        Returned => "已退回",
        Published => "已发布",
        _ => state,
    };

    /// <summary>States whose text can still be edited in place (anything else is frozen: editing makes a new version).</summary>
    public static bool Editable(string state) => state is Draft or Returned;

    /// <summary>States that commentators may see and follow (an approved text, published or not yet).</summary>
    public static bool Followable(string state) => state is Approved or Published;
}

/// <summary>
/// One version of a press line or press release of an incident. <paramref name="Source"/> is the Liquid text the
/// office edits; <paramref name="Text"/> is it filled from the incident's verified facts (frozen at approval).
/// </summary>
/// <param name="Version">1, 2, … per incident and kind.</param>
/// <param name="BasedOn">The version this one was made from (an edit of a frozen version), else null.</param>
/// <param name="Facts">The facts used, one per line as <c>name = value ⟨source⟩</c>, so every statement traces back.</param>
public sealed record PressLineVersion(
    long Id,
    long IncidentId,
    string Kind,
    int Version,
    string Template,
    string Source,
    string Text,
    string Facts,
    string State,
    string Author,
    DateTimeOffset CreatedUtc,
    long? BasedOn,
    DateTimeOffset UpdatedUtc);

/// <summary>One step of a version's workflow: created, edited, submitted, approved, returned (with a comment), published.</summary>
public sealed record PressLineStep(long Id, long VersionId, string Step, string Actor, string Role, DateTimeOffset AtUtc, string Comment);

/// <summary>A media interview request the office received (受理媒体采访申请) and what was decided.</summary>
public sealed record MediaInterview(long Id, long? IncidentId, string Outlet, string Reporter, string Request, string Decision, string By, DateTimeOffset AtUtc);

/// <summary>Durable press lines, their workflow steps, and the media interview log.</summary>
public interface IPressLineStore
{
    /// <summary>Adds a version (number = the kind's last + 1) in state draft, with its "created" step. Returns it.</summary>
    Task<PressLineVersion> AddAsync(long incidentId, string kind, string template, string source, string text, string facts, string author, string role, DateTimeOffset atUtc, long? basedOn, CancellationToken cancellationToken);

    Task<PressLineVersion?> GetAsync(long id, CancellationToken cancellationToken);

    /// <summary>Every version of the incident, oldest first.</summary>
    Task<IReadOnlyList<PressLineVersion>> ListAsync(long incidentId, CancellationToken cancellationToken);

    /// <summary>Versions in one of <paramref name="states"/> across incidents, newest first.</summary>
    Task<IReadOnlyList<PressLineVersion>> ListInStatesAsync(IReadOnlyList<string> states, int limit, CancellationToken cancellationToken);

    /// <summary>Replaces the text of a version that is still <paramref name="expectedState"/> (draft or returned); false when it is not (frozen or changed).</summary>
    Task<bool> UpdateTextAsync(long id, string expectedState, string source, string text, string facts, string actor, string role, DateTimeOffset atUtc, CancellationToken cancellationToken);

    /// <summary>Moves a version from <paramref name="from"/> to <paramref name="to"/> with its step, atomically; false when it was not in <paramref name="from"/>.</summary>
    Task<bool> TransitionAsync(long id, string from, string to, string step, string actor, string role, string comment, DateTimeOffset atUtc, CancellationToken cancellationToken);

    /// <summary>The version's steps, oldest first.</summary>
    Task<IReadOnlyList<PressLineStep>> GetStepsAsync(long versionId, CancellationToken cancellationToken);

    Task<long> AddInterviewAsync(MediaInterview interview, CancellationToken cancellationToken);

    /// <summary>Newest first; only those of <paramref name="incidentId"/> when given.</summary>
    Task<IReadOnlyList<MediaInterview>> ListInterviewsAsync(long? incidentId, int limit, CancellationToken cancellationToken);
}
