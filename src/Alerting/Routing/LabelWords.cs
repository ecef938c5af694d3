namespace SentimentWatch.Alerting.Routing;

/// <summary>The Chinese words for labels and for what each acknowledgement link does: one home for the digest, the mail and the confirmation page.</summary>
internal static class LabelWords
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["leak"] = "泄题",
        ["answer_selling"] = "贩卖试题答案",
        ["cheating"] = "组织作弊",
        ["fraud"] = "涉考诈骗",
        ["rumour"] = "谣言",
        ["complaint"] = "投诉",
        ["normal"] = "一般",
    };

    public static string Name(string label) => Names.GetValueOrDefault(label, label);

    /// <summary>What following the link for <paramref name="label"/> (null: the plain acknowledgement) will do.</summary>
    public static string LinkDoes(string? label) => label switch
    {
        null => "仅签收：停止该告警的升级通知",
        "normal" => "签收并标记为误报：该事件全部信息记为 normal，作为分类模型再训练的反馈",
        _ => $"签收并确认类别为“{Name(label)}”（{label}）：该事件全部信息记为此类别，作为分类模型再训练的反馈",
    };
}
