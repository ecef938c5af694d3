using System.Globalization;

namespace SentimentWatch.DrillSites.Scenario;

/// <summary>Deterministic benchmark load: realistic-looking posts spread round-robin over the five sites.</summary>
internal static class ScenarioGenerator
{
    private static readonly string[] Titles =
    [
        "今年法考客观题复习进度求交流", "主观题论述怎么准备", "法考机考系统卡顿有人遇到吗", "刑法分则背诵方法分享",
        "民法典合同编重点整理", "考场规则和证件要求汇总", "出售法考答.案 加V信", "听说今年考试要延期？",
        "成绩复核流程问一下", "行政法真题错题本",
    ];

    private static readonly string[] Sentences =
    [
        "今天刷了两百道客观题，正确率终于上了七成。", "有没有一起打卡的，每天晚上九点互相提问。", "机考的时候翻页有延迟，建议提前熟悉模拟系统。",
        "官方通知说考点不变，大家别信群里的消息。", "主观题一定要先写结论再写理由，阅卷看要点。", "民诉的管辖那块我总是记混，求口诀。",
        "考前一周建议只看错题，不要再开新书。", "这种卖答案的都是骗子，已经举报了。", "请问准考证打印入口什么时候开放？",
        "去年卷二的真题解析谁有，可以分享一下吗。",
    ];

    private static readonly DrillSite[] Sites = [DrillSite.Tieba, DrillSite.Discuz, DrillSite.Weibo, DrillSite.News, DrillSite.Feeds];

    public static List<ScenarioPost> Generate(int count, int seed, double spreadSeconds)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfNegative(spreadSeconds);
        var rng = new Random(seed);
        var posts = new List<ScenarioPost>(count);
        var perSite = new int[Sites.Length];
        var lastRoot = new ScenarioPost?[Sites.Length];
        var lastReply = new ScenarioPost?[Sites.Length];
        for (var i = 0; i < count; i++)
        {
            var s = i % Sites.Length;
            var site = Sites[s];
            var k = perSite[s]++;
            var at = count <= 1 ? 0 : Math.Round(spreadSeconds * i / (count - 1), 3);
            var uid = (1000 + rng.Next(0, 5000)).ToString(CultureInfo.InvariantCulture);
            var author = new ScenarioAuthor(uid, "考生" + uid, rng.Next(0, 20000));
            var text = $"{Sentences[rng.Next(Sentences.Length)]}{Sentences[rng.Next(Sentences.Length)]}（{i}）";
            var isRoot = site == DrillSite.Feeds || k % 5 == 0 || lastRoot[s] is null;
            string? parent = null;
            if (!isRoot)
            {
                // Every fourth reply on Tieba answers the previous floor, so 楼中楼 are exercised too.
                parent = site == DrillSite.Tieba && k % 5 == 3 && lastReply[s] is { Parent: not null } prev && prev.Parent == lastRoot[s]!.Id
                    ? prev.Id
                    : lastRoot[s]!.Id;
            }

            var post = new ScenarioPost
            {
                Id = string.Create(CultureInfo.InvariantCulture, $"g{i}"),
                Site = site,
                Parent = parent,
                Author = author,
                Title = isRoot ? $"{Titles[rng.Next(Titles.Length)]}（{i}）" : null,
                Text = text,
                At = at,
                Engagement = new ScenarioEngagement(rng.Next(0, 50), rng.Next(0, 500), rng.Next(100, 5000), rng.NextDouble() * 3, rng.NextDouble() * 10, rng.NextDouble() * 100),
                Source = site == DrillSite.News ? "法治日报" : null,
            };
            posts.Add(post);
            if (isRoot)
            {
                lastRoot[s] = post;
            }
            else
            {
                lastReply[s] = post;
            }
        }

        return posts;
    }
}
