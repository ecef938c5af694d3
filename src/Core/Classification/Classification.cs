namespace SentimentWatch.Core.Classification;

/// <summary>The labels the exam-risk classifier assigns (one primary label per post).</summary>
public static class Labels
{
    public const string Leak = "leak";
    public const string AnswerSelling = "answer_selling";
    public const string Cheating = "cheating";
    public const string Fraud = "fraud";
    public const string Rumour = "rumour";
    public const string Complaint = "complaint";
    public const string Normal = "normal";

    public static IReadOnlyList<string> All { get; } = [Leak, AnswerSelling, Cheating, Fraud, Rumour, Complaint, Normal];

    /// <summary>Labels that describe harmful content (a crime or a misleading claim), as opposed to complaints and normal posts.</summary>
    public static IReadOnlyList<string> Harmful { get; } = [Leak, AnswerSelling, Cheating, Fraud, Rumour];

    public static bool IsHarmful(string label) => Harmful.Contains(label);
}

/// <summary>A contact found in a post: QQ, QQ group, WeChat, mobile, Telegram, URL, e-mail.</summary>
/// <param name="Kind">One of <c>qq</c>, <c>qq_group</c>, <c>wechat</c>, <c>mobile</c>, <c>telegram</c>, <c>url</c>, <c>email</c>.</param>
/// <param name="Value">Normalised value (digits only for numbers, lower-case ids).</param>
/// <param name="Raw">The text as written.</param>
/// <param name="Start">Start offset (UTF-16) in the original text.</param>
/// <param name="End">End offset (exclusive) in the original text.</param>
public sealed record Contact(string Kind, string Value, string Raw, int Start, int End);

/// <summary>Input to the classifier.</summary>
public sealed record ClassificationInput(
    string Text,
    string? Platform = null,
    string? Author = null,
    DateTimeOffset? PublishedAtUtc = null,
    long? Reposts = null,
    long? Comments = null,
    long? Likes = null);

/// <summary>A classifier's verdict on one post, with the reasons a commentator reads first.</summary>
public sealed record ClassificationResult(
    string Label,
    double Confidence,
    IReadOnlyDictionary<string, double> Scores,
    IReadOnlyList<Contact> Contacts,
    IReadOnlyList<string> Reasons,
    string ModelVersion);

/// <summary>Classifies posts. Implementations are thread-safe.</summary>
public interface IPostClassifier
{
    ClassificationResult Classify(ClassificationInput input);
}

/// <summary>Segments Chinese text into tokens (jieba-compatible). Implementations are thread-safe.</summary>
public interface ITextSegmenter
{
    IReadOnlyList<string> Cut(string text);
}
