using SentimentWatch.Alerting.Incidents;
using SentimentWatch.Alerting.Tests.Support;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Incidents;

public sealed class IncidentClustererTests
{
    private static IncidentClusterer Make() => new(Some.Options().Incidents);

    private static long Place(IncidentClusterer c, IncidentPost p, ref long nextId)
    {
        var m = c.Match(p);
        var id = m.IncidentId ?? ++nextId;
        c.Add(id, p with { JoinReason = m.Reason, DuplicateOfPostId = m.DuplicateOfPostId });
        return id;
    }

    [Fact]
    public void Match_CopyPastedShortPostOnAnotherPlatform_NearDuplicateOfFirst()
    {
        var c = Make();
        var first = Posts.Make("出售2024法考客观题答案，考前三天发货，需要的私聊");
        c.Add(1, first);
        var m = c.Match(Posts.Make("出售2024法考客观题答案，考前三天发货，需要的私聊！！", platform: "tieba", minutes: 3));
        Assert.Equal(1, m.IncidentId);
        Assert.Equal(first.PostId, m.DuplicateOfPostId);
        Assert.StartsWith("near_duplicate minhash", m.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_LongRepostWithSmallEdit_SimHashNearDuplicate()
    {
        var c = Make();
        var text = "网传今年法律职业资格考试主观题在考前已经泄露的消息引发关注。有网友在社交平台发帖称，考前一天晚上就在某个群里看到了所谓的押题卷，内容与第二天的真题高度相似，并附上了几张模糊的截图。随后该帖被多个账号转发，评论区有人表示自己也收到了类似材料，也有人质疑截图是考后拼接的。目前官方尚未回应，考生群体情绪较为激动，部分人呼吁重新组织考试，另有人提醒大家不要轻信所谓内部资料，以免上当受骗。记者联系了当地司法局，工作人员表示已关注到相关情况，正在会同有关部门核查，如有结果将第一时间通过官方渠道发布，请广大考生以官方信息为准。";
        var first = Posts.Make(text, label: "leak");
        c.Add(1, first);
        var m = c.Match(Posts.Make(text.Replace("某个群里", "某个群内", StringComparison.Ordinal), platform: "douban", label: "leak"));
        Assert.Equal(1, m.IncidentId);
        Assert.StartsWith("near_duplicate simhash", m.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_DifferentTextSameQq_SharedContact()
    {
        var c = Make();
        c.Add(7, Posts.Make("法考包过班，内部资料", contacts: ["qq:12345678"]));
        var m = c.Match(Posts.Make("主观题押题卷便宜出", platform: "tieba", contacts: ["url:http://x.example", "qq:12345678"]));
        Assert.Equal(7, m.IncidentId);
        Assert.Equal("shared_contact qq:12345678", m.Reason);
    }

    [Fact]
    public void Match_ReplyToPostInIncident_ReplyChain()
    {
        var c = Make();
        c.Add(3, Posts.Make("有人说泉州考区泄题了？", label: "rumour", id: "t1", thread: "t1"));
        var m = c.Match(Posts.Make("真的假的，求链接", label: "rumour", id: "r9", thread: "t1", parent: "t1"));
        Assert.Equal(3, m.IncidentId);
        Assert.Equal("reply_chain t1", m.Reason);
    }

    [Fact]
    public void Match_SameTopicDifferentWords_JoinsByTopic()
    {
        var c = Make();
        c.Add(5, Posts.Make("泉州考区考点断网，机考系统故障，考生等待一小时", label: "complaint"));
        var m = c.Match(Posts.Make("泉州考区考点断网了，机考系统一直故障", platform: "douyin", label: "complaint"));
        Assert.Equal(5, m.IncidentId);
    }

    [Fact]
    public void Match_UnrelatedPost_NewIncident()
    {
        var c = Make();
        c.Add(5, Posts.Make("出售2024法考客观题答案，考前三天发货"));
        var m = c.Match(Posts.Make("考点附近酒店涨价太离谱，投诉无门", label: "complaint"));
        Assert.Null(m.IncidentId);
        Assert.Equal("first", m.Reason);
    }

    [Fact]
    public void Match_SimilarPostOutsideWindow_NewIncident()
    {
        var c = Make();
        c.Add(5, Posts.Make("出售2024法考客观题答案，考前三天发货，需要的私聊"));
        var m = c.Match(Posts.Make("出售2024法考客观题答案，考前三天发货，需要的私聊", minutes: 73 * 60));
        Assert.Null(m.IncidentId);
    }

    [Fact]
    public void Place_StormOfVariantsOnFourPlatforms_OneIncident()
    {
        var c = Make();
        long next = 0;
        string[] platforms = ["weibo", "tieba", "douyin", "zhihu"];
        var ids = new HashSet<long>();
        for (var i = 0; i < 400; i++)
        {
            var text = $"【转】2024法考主观题考前泄露，真题已流出，加微信 fk{i % 7}2024 领取 第{i}份";
            ids.Add(Place(c, Posts.Make(text, platform: platforms[i % 4], minutes: i / 40, label: "leak", contacts: [$"wechat:fk{i % 7}2024"]), ref next));
        }

        Assert.Single(ids);
    }

    [Fact]
    public void Match_AlreadyIndexedPost_ReturnsItsIncident()
    {
        var c = Make();
        var p = Posts.Make("出售答案");
        c.Add(9, p);
        Assert.Equal(9, c.Match(p).IncidentId);
        Assert.Equal(9, c.IncidentOf(p.PostId));
    }

    [Fact]
    public void Add_PostsInAnyOrder_TallyKeepsCountFirstSourceAndLatestTime()
    {
        var c = Make();
        var late = Posts.Make("考点断网，机考系统故障", minutes: 30, label: "complaint", contacts: ["qq:123456"]);
        var early = Posts.Make("考点断网了，机考系统一直故障", minutes: 5, label: "complaint", platform: "tieba");
        c.Add(4, late);
        c.Add(4, early);
        c.Add(4, early);
        var tally = c.TallyOf(4)!;
        Assert.Equal(2, tally.Count);
        Assert.Same(early, tally.FirstSource);
        Assert.Equal(late.At, tally.LastAt);
        Assert.Equal(2, tally.Metrics()["platforms"]);
        Assert.Equal(1, tally.Metrics()["contacts"]);
        Assert.Null(c.TallyOf(5));
    }

    [Fact]
    public void Match_ManyIncidentsSharingCommonWords_FindsTheOneOnTopicAmongThem()
    {
        var c = Make();
        // Two hundred incidents that all say 法考 and 考试: the topic search skips those common bigrams and must still
        // find the one incident this post is about.
        for (var i = 0; i < 200; i++)
        {
            c.Add(i + 1, Posts.Make($"法考考试第{i}号话题，编号{i * 7919}讨论", label: "complaint"));
        }

        c.Add(500, Posts.Make("法考考试泉州考区考点断网，机考系统故障，考生等待一小时", label: "complaint"));
        var m = c.Match(Posts.Make("泉州考区考点断网了，法考机考系统一直故障", platform: "douyin", label: "complaint"));
        Assert.Equal(500, m.IncidentId);
        Assert.StartsWith("topic cos=", m.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_TwoIncidentsEquallySimilar_TheEarlierCreatedWins()
    {
        var c = Make();
        c.Add(20, Posts.Make("泉州考区考点断网，机考系统故障", label: "complaint"));
        c.Add(10, Posts.Make("泉州考区考点断网，机考系统故障", label: "complaint", platform: "tieba", minutes: 1));
        var m = c.Match(Posts.Make("考点断网，泉州考区机考系统一直故障等待", platform: "douyin", label: "complaint", minutes: 2));
        Assert.Equal(20, m.IncidentId);
    }
}
