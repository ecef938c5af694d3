using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Search;
using SentimentWatch.Storage.Search;

namespace SentimentWatch.Storage.Tests.Search;

public sealed class SqlitePostSearchTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly SearchStore _store;

    public SqlitePostSearchTests() => _store = new SearchStore(_db);

    public void Dispose()
    {
        _store.Dispose();
        _db.Dispose();
    }

    private async Task<PostSearchResult> SearchAsync(PostSearchQuery query)
    {
        await _store.Index.CatchUpAsync(CancellationToken.None);
        return await _store.Search.SearchAsync(query, CancellationToken.None);
    }

    [Fact]
    public async Task Search_WordInsideLongerWord_FindsPostThroughSearchModeTokens()
    {
        // Precise mode cuts 司法考试 and 中华人民共和国 as one word each; only search mode also indexes 考试 and 共和国.
        var exam = await _store.StoreAsync(SearchStore.Post("1", "国家司法考试答案泄露了"));
        var law = await _store.StoreAsync(SearchStore.Post("2", "中华人民共和国律师法第三章"));
        await _store.StoreAsync(SearchStore.Post("3", "今天天气很好，复习刑法"));

        Assert.Equal([exam], (await SearchAsync(new PostSearchQuery("考试"))).Hits.Select(h => h.PostId));
        Assert.Equal([law], (await SearchAsync(new PostSearchQuery("共和国"))).Hits.Select(h => h.PostId));
        Assert.Equal([exam], (await SearchAsync(new PostSearchQuery("司法考试 泄露"))).Hits.Select(h => h.PostId));
        Assert.Empty((await SearchAsync(new PostSearchQuery("考试 律师法"))).Hits);
    }

    [Fact]
    public async Task Search_Hit_HasSnippetOfOriginalTextWithMarkedMatch()
    {
        var id = await _store.StoreAsync(SearchStore.Post("1", "考前一晚，有人在群里说出售今年法考客观题答案，价格面议。", title: "紧急"));

        var hit = Assert.Single((await SearchAsync(new PostSearchQuery("答案"))).Hits);

        Assert.Equal(id, hit.PostId);
        Assert.Contains($"{SearchHighlight.Start}答案{SearchHighlight.End}", hit.Snippet, StringComparison.Ordinal);
        Assert.Contains("客观题", hit.Snippet, StringComparison.Ordinal);
        Assert.Equal("紧急", hit.Title);
        Assert.True(hit.Score > 0);
    }

    [Fact]
    public async Task Search_TextHoldingMarkerCharacters_MarkersOnlyAroundMatches()
    {
        await _store.StoreAsync(SearchStore.Post("1", "⟦伪造⟧ 的标记和真正的答案"));

        var hit = Assert.Single((await SearchAsync(new PostSearchQuery("答案"))).Hits);

        Assert.Equal(1, hit.Snippet.Count(c => c == SearchHighlight.Start));
        Assert.Contains("[伪造]", hit.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_EvasionSpelling_FoundByTheNormalisedWord()
    {
        var id = await _store.StoreAsync(SearchStore.Post("1", "出售法考答.案，私聊"));

        Assert.Equal([id], (await SearchAsync(new PostSearchQuery("答案"))).Hits.Select(h => h.PostId));
    }

    [Fact]
    public async Task Search_Ranking_Bm25ThenNewest()
    {
        // Same words by two authors (one author's same words would be one post): equal bm25, so the newer comes first.
        var older = await _store.StoreAsync(SearchStore.Post("1", "答案", author: "甲", published: SearchStore.T0.AddHours(-2)));
        var newer = await _store.StoreAsync(SearchStore.Post("2", "答案", author: "乙", published: SearchStore.T0));
        var weak = await _store.StoreAsync(SearchStore.Post("3", "今天讨论了很多题目，有人提到答案，也有人提到别的事情，大家都在复习刑法和民法的内容", published: SearchStore.T0.AddHours(1)));
        var titled = await _store.StoreAsync(SearchStore.Post("4", "见正文", title: "答案", published: SearchStore.T0.AddHours(-5)));

        var ids = (await SearchAsync(new PostSearchQuery("答案"))).Hits.Select(h => h.PostId).ToList();

        Assert.Equal(titled, ids[0]);
        Assert.Equal([newer, older], ids.Skip(1).Take(2));
        Assert.Equal(weak, ids[3]);
    }

    [Fact]
    public async Task Search_PlatformFilter_OnlyThatPlatform()
    {
        var tieba = await _store.StoreAsync(SearchStore.Post("1", "法考答案", platform: "tieba"));
        var weibo = await _store.StoreAsync(SearchStore.Post("2", "法考答案", platform: "weibo", source: "weibo-search"));

        Assert.Equal([weibo], (await SearchAsync(new PostSearchQuery("答案", Platform: "weibo"))).Hits.Select(h => h.PostId));
        Assert.Equal([tieba], (await SearchAsync(new PostSearchQuery("答案", Platform: "tieba"))).Hits.Select(h => h.PostId));
    }

    [Fact]
    public async Task Search_SourceFilter_OnlyThatSource()
    {
        await _store.StoreAsync(SearchStore.Post("1", "法考答案", source: "tieba-fakao"));
        var other = await _store.StoreAsync(SearchStore.Post("2", "法考答案", source: "tieba-sikao"));

        Assert.Equal([other], (await SearchAsync(new PostSearchQuery("答案", SourceId: "tieba-sikao"))).Hits.Select(h => h.PostId));
    }

    [Fact]
    public async Task Search_TimeRange_BoundsInclusive()
    {
        var early = await _store.StoreAsync(SearchStore.Post("1", "法考答案一", published: SearchStore.T0.AddDays(-3)));
        var mid = await _store.StoreAsync(SearchStore.Post("2", "法考答案二", published: SearchStore.T0));
        var late = await _store.StoreAsync(SearchStore.Post("3", "法考答案三", published: SearchStore.T0.AddDays(3)));

        Assert.Equal([mid], (await SearchAsync(new PostSearchQuery("答案", FromUtc: SearchStore.T0, ToUtc: SearchStore.T0))).Hits.Select(h => h.PostId));
        Assert.Equal([late, mid], (await SearchAsync(new PostSearchQuery("答案", FromUtc: SearchStore.T0.AddDays(-1)))).Hits.Select(h => h.PostId));
        Assert.Equal([early], (await SearchAsync(new PostSearchQuery(null, ToUtc: SearchStore.T0.AddDays(-1)))).Hits.Select(h => h.PostId));
    }

    [Fact]
    public async Task Search_LabelFilter_UsesLatestClassifiedVersion()
    {
        var selling = await _store.StoreAsync(SearchStore.Post("1", "法考答案出售"));
        var normal = await _store.StoreAsync(SearchStore.Post("2", "法考答案什么时候公布"));
        await _store.ClassifyAsync(selling, Labels.AnswerSelling);
        await _store.ClassifyAsync(normal, Labels.Normal);

        Assert.Equal([selling], (await SearchAsync(new PostSearchQuery("答案", Label: Labels.AnswerSelling))).Hits.Select(h => h.PostId));

        // The seller edits the post into something harmless; its new version is classified normal.
        await _store.Posts.UpsertPostAsync(SearchStore.Post("1", "已删除"), SearchStore.T0.AddMinutes(5), CancellationToken.None);
        await _store.ClassifyAsync(selling, 2, Labels.Normal);
        Assert.Empty((await SearchAsync(new PostSearchQuery(null, Label: Labels.AnswerSelling))).Hits);
        var hit = Assert.Single((await SearchAsync(new PostSearchQuery("已删除"))).Hits);
        Assert.Equal(Labels.Normal, hit.Label);
    }

    [Fact]
    public async Task Search_MinLevel_OnlyPostsInIncidentsAtOrAboveIt()
    {
        var severe = await _store.StoreAsync(SearchStore.Post("1", "法考答案泄露"));
        var minor = await _store.StoreAsync(SearchStore.Post("2", "法考答案泄露传言"));
        await _store.StoreAsync(SearchStore.Post("3", "法考答案泄露？假的"));
        var severeIncident = await _store.IncidentAsync("泄露", IncidentLevel.II, severe);
        await _store.IncidentAsync("传言", IncidentLevel.IV, minor);

        var result = await SearchAsync(new PostSearchQuery("泄露", MinLevel: IncidentLevel.III));

        var hit = Assert.Single(result.Hits);
        Assert.Equal(severe, hit.PostId);
        Assert.Equal(severeIncident, hit.IncidentId);
        Assert.Equal(IncidentLevel.II, hit.Level);
        Assert.Equal(2, (await SearchAsync(new PostSearchQuery("泄露", MinLevel: IncidentLevel.IV))).Total);
    }

    [Fact]
    public async Task Search_AuthorFilter_ByNameOrId()
    {
        var a = await _store.StoreAsync(SearchStore.Post("1", "法考答案", author: "卖家甲"));
        await _store.StoreAsync(SearchStore.Post("2", "法考答案", author: "考生乙"));

        Assert.Equal([a], (await SearchAsync(new PostSearchQuery("答案", Author: "卖家甲"))).Hits.Select(h => h.PostId));
        Assert.Equal([a], (await SearchAsync(new PostSearchQuery(null, Author: "uid-卖家甲"))).Hits.Select(h => h.PostId));
    }

    [Fact]
    public async Task Search_Contact_ListsEveryPostAndIncidentCarryingIt()
    {
        var qq = new Contact("qq", "12345678", "Q 1234 5678", 0, 0);
        var p1 = await _store.StoreAsync(SearchStore.Post("1", "出法考答案 Q 1234 5678", platform: "tieba"));
        var p2 = await _store.StoreAsync(SearchStore.Post("2", "押题资料，扣扣12345678", platform: "weibo", source: "weibo-search"));
        var p3 = await _store.StoreAsync(SearchStore.Post("3", "包过，QQ 12345678，另有微信", platform: "tieba", author: "卖家丙"));
        var p4 = await _store.StoreAsync(SearchStore.Post("4", "别的卖家 QQ 87654321"));
        await _store.ClassifyAsync(p1, Labels.AnswerSelling, qq);
        await _store.ClassifyAsync(p2, Labels.AnswerSelling, qq with { Raw = "扣扣12345678" });
        await _store.ClassifyAsync(p3, Labels.AnswerSelling, qq with { Raw = "QQ 12345678" }, new Contact("wechat", "fk2026", "fk2026", 0, 0));
        await _store.ClassifyAsync(p4, Labels.AnswerSelling, new Contact("qq", "87654321", "QQ 87654321", 0, 0));
        var first = await _store.IncidentAsync("卖答案", IncidentLevel.II, p1, p2);
        var second = await _store.IncidentAsync("包过", IncidentLevel.III, p3);

        var result = await SearchAsync(new PostSearchQuery(Contact: "1234-5678"));

        Assert.Equal(3, result.Total);
        Assert.Equal(new[] { p1, p2, p3 }.Order(), result.Hits.Select(h => h.PostId).Order());
        Assert.All(result.Hits, h => Assert.Contains("12345678", h.Contacts));
        Assert.Equal([first, second], result.Incidents.Select(i => i.IncidentId));
        Assert.Equal(2, result.Incidents[0].MatchingPosts);
        Assert.Contains($"{SearchHighlight.Start}扣扣12345678{SearchHighlight.End}", result.Hits.Single(h => h.PostId == p2).Snippet, StringComparison.Ordinal);
        // Typed the way the seller wrote it, found through the classifier's own contact extraction.
        Assert.Equal(3, (await SearchAsync(new PostSearchQuery(Contact: "QQ 1234 5678"))).Total);
        Assert.Equal([p3], (await SearchAsync(new PostSearchQuery(Contact: "FK2026"))).Hits.Select(h => h.PostId));
        Assert.Equal([p1], (await SearchAsync(new PostSearchQuery("答案", Contact: "12345678"))).Hits.Select(h => h.PostId));
    }

    [Fact]
    public async Task Search_WordWithFilters_PostIndexedBeforeItsLabelContactAndIncident_FoundOnceTheyArrive()
    {
        // The filters narrow inside FTS5 through the post's tags: a post indexed first and classified, given a contact
        // and put in an incident afterwards must gain those tags, or a search with the filter would miss it.
        var post = await _store.StoreAsync(SearchStore.Post("1", "出售法考答案 QQ 55556666", platform: "weibo", source: "weibo-search", author: "卖家丁"));
        var other = await _store.StoreAsync(SearchStore.Post("2", "法考答案什么时候公布", platform: "weibo", source: "weibo-search", author: "考生戊"));
        await _store.Index.CatchUpAsync(CancellationToken.None);
        Assert.Empty((await SearchAsync(new PostSearchQuery("答案", Label: Labels.AnswerSelling))).Hits);

        await _store.ClassifyAsync(post, Labels.AnswerSelling, new Contact("qq", "55556666", "QQ 55556666", 0, 0));
        await _store.ClassifyAsync(other, Labels.Normal);
        await _store.Index.CatchUpAsync(CancellationToken.None);
        Assert.Equal([post], (await SearchAsync(new PostSearchQuery("答案", Label: Labels.AnswerSelling))).Hits.Select(h => h.PostId));
        Assert.Equal([post], (await SearchAsync(new PostSearchQuery("答案", Contact: "55556666"))).Hits.Select(h => h.PostId));
        Assert.Empty((await SearchAsync(new PostSearchQuery("答案", MinLevel: IncidentLevel.IV))).Hits);

        var incident = await _store.IncidentAsync("卖答案", IncidentLevel.III, post);
        var hit = Assert.Single((await SearchAsync(new PostSearchQuery("答案", MinLevel: IncidentLevel.III))).Hits);
        Assert.Equal((post, incident), (hit.PostId, hit.IncidentId));
        Assert.Empty((await SearchAsync(new PostSearchQuery("答案", MinLevel: IncidentLevel.II))).Hits);

        // Every filter at once, and each of them alone with the word, finds it; a different value of each does not.
        Assert.Equal([post], (await SearchAsync(new PostSearchQuery("答案", FromUtc: SearchStore.T0.AddHours(-1), ToUtc: SearchStore.T0.AddHours(1), Platform: "weibo",
            SourceId: "weibo-search", Label: Labels.AnswerSelling, MinLevel: IncidentLevel.III, Author: "卖家丁", Contact: "QQ 55556666"))).Hits.Select(h => h.PostId));
        Assert.Equal([post], (await SearchAsync(new PostSearchQuery("答案", Author: "uid-卖家丁"))).Hits.Select(h => h.PostId));
        Assert.Empty((await SearchAsync(new PostSearchQuery("答案", Platform: "tieba"))).Hits);
        Assert.Empty((await SearchAsync(new PostSearchQuery("答案", SourceId: "weibo-hot"))).Hits);
        Assert.Empty((await SearchAsync(new PostSearchQuery("答案", Author: "卖家"))).Hits);
        Assert.Empty((await SearchAsync(new PostSearchQuery("答案", Contact: "55556667"))).Hits);
        Assert.Empty((await SearchAsync(new PostSearchQuery("答案", FromUtc: SearchStore.T0.AddDays(1)))).Hits);
    }

    [Fact]
    public async Task Search_TimeRangeOverMonthBoundaries_FindsEveryPostInsideAndNoneOutside()
    {
        DateTimeOffset At(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);
        var before = await _store.StoreAsync(SearchStore.Post("1", "法考答案一", published: At(8, 31, 23, 59)));
        var first = await _store.StoreAsync(SearchStore.Post("2", "法考答案二", published: At(9, 1, 0, 0)));
        var middle = await _store.StoreAsync(SearchStore.Post("3", "法考答案三", published: At(10, 15, 12, 0)));
        var last = await _store.StoreAsync(SearchStore.Post("4", "法考答案四", published: At(11, 30, 23, 59)));
        var after = await _store.StoreAsync(SearchStore.Post("5", "法考答案五", published: At(12, 1, 0, 0)));
        var future = await _store.StoreAsync(SearchStore.Post("6", "法考答案六", published: new DateTimeOffset(2031, 1, 1, 0, 0, 0, TimeSpan.Zero)));

        Assert.Equal(new[] { first, middle, last }.Order(),
            (await SearchAsync(new PostSearchQuery("答案", FromUtc: At(9, 1, 0, 0), ToUtc: At(11, 30, 23, 59)))).Hits.Select(h => h.PostId).Order());
        Assert.Equal(new[] { middle, last, after, future }.Order(),
            (await SearchAsync(new PostSearchQuery("答案", FromUtc: At(10, 1, 0, 0)))).Hits.Select(h => h.PostId).Order());
        Assert.Equal(new[] { before, first }.Order(),
            (await SearchAsync(new PostSearchQuery("答案", ToUtc: At(9, 1, 0, 0)))).Hits.Select(h => h.PostId).Order());
        // Beijing midnight is 16:00 UTC the day before: a range that starts there reaches into the previous UTC day.
        Assert.Equal([before], (await SearchAsync(new PostSearchQuery("答案", FromUtc: At(8, 31, 16, 0), ToUtc: At(8, 31, 23, 59)))).Hits.Select(h => h.PostId));
    }

    [Fact]
    public void TimeCover_WholeMonthsAsOneTag_DaysAtTheEdges_NullWhenTooMany()
    {
        var cover = SearchTags.TimeCover(new DateTimeOffset(2026, 9, 15, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 3, 1, 0, 0, TimeSpan.Zero));

        Assert.NotNull(cover);
        Assert.Equal(16 + 1 + 3, cover.Count);
        Assert.Equal("xd20260915", cover[0]);
        Assert.Equal(SearchTags.Month(new DateTime(2026, 10, 1, 0, 0, 0, DateTimeKind.Utc)), cover[16]);
        Assert.Equal("xd20261103", cover[^1]);
        Assert.Null(SearchTags.TimeCover(new DateTimeOffset(2006, 1, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero)));
        Assert.Null(SearchTags.TimeCover(new DateTimeOffset(2026, 1, 2, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task Search_EditedPost_CurrentTextAndEarlierWordsBothFound()
    {
        var id = await _store.StoreAsync(SearchStore.Post("1", "出售法考答案，加微信"));
        Assert.Single((await SearchAsync(new PostSearchQuery("出售"))).Hits);

        await _store.Posts.UpsertPostAsync(SearchStore.Post("1", "本帖内容已修改为复习心得"), SearchStore.T0.AddMinutes(5), CancellationToken.None);

        var current = Assert.Single((await SearchAsync(new PostSearchQuery("心得"))).Hits);
        Assert.Equal(id, current.PostId);
        Assert.Equal(2, current.Version);
        Assert.Contains($"{SearchHighlight.Start}心得{SearchHighlight.End}", current.Snippet, StringComparison.Ordinal);
        // What the seller wrote before the edit is still found, and the snippet shows that earlier text.
        var earlier = Assert.Single((await SearchAsync(new PostSearchQuery("出售"))).Hits);
        Assert.Contains($"{SearchHighlight.Start}出售{SearchHighlight.End}", earlier.Snippet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_DeletedPost_StillFoundAndMarkedDeleted()
    {
        var id = await _store.StoreAsync(SearchStore.Post("1", "出售法考答案"));
        Assert.Null(Assert.Single((await SearchAsync(new PostSearchQuery("出售"))).Hits).DeletedAtUtc);

        await _store.Posts.MarkDeletedAsync(id, SearchStore.T0.AddMinutes(9), "not_found", CancellationToken.None);

        var hit = Assert.Single((await SearchAsync(new PostSearchQuery("出售"))).Hits);
        Assert.Equal(SearchStore.T0.AddMinutes(9), hit.DeletedAtUtc);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("\"答案")]
    [InlineData("答案\"")]
    [InlineData("答案*")]
    [InlineData("*")]
    [InlineData("NEAR(答案")]
    [InlineData("NEAR(答案 出售)")]
    [InlineData("-答案")]
    [InlineData("答案 -出售")]
    [InlineData("答案 AND OR NOT")]
    [InlineData("title:答案")]
    [InlineData("{title body}: 答案")]
    [InlineData("^答案")]
    [InlineData("答案 + ( ) : ' \\ ; --")]
    [InlineData("答案\0\u0001")]
    [InlineData("😀答案\u202E")]
    [InlineData("' OR 1=1; DROP TABLE posts; --")]
    [InlineData("   ")]
    public async Task Search_HostileQuery_NeverThrowsAndIsPlainText(string query)
    {
        var id = await _store.StoreAsync(SearchStore.Post("1", "出售法考答案 AND OR NOT near title body"));

        var result = await SearchAsync(new PostSearchQuery(query));

        // Either the words it contains are found (the post holds 答案) or nothing is: never an FTS5 error.
        Assert.True(result.Hits.Count == 0 || result.Hits[0].PostId == id);
        if (query.Contains("答案", StringComparison.Ordinal))
        {
            Assert.Equal([id], result.Hits.Select(h => h.PostId));
        }
    }

    [Fact]
    public async Task Search_OnlyPunctuation_FindsNothingRatherThanEverything()
    {
        await _store.StoreAsync(SearchStore.Post("1", "法考答案"));

        var result = await SearchAsync(new PostSearchQuery("\"*-()"));

        Assert.Equal(0, result.Total);
        Assert.Empty(result.Hits);
    }

    [Fact]
    public async Task Search_MoreMatchesThanMaxCount_TotalIsTheCapMarkedAtLeast()
    {
        using var capped = new SearchStore(_db, new Dictionary<string, string?> { ["Search:MaxCount"] = "3" });
        for (var i = 0; i < 5; i++)
        {
            await capped.StoreAsync(SearchStore.Post($"p{i}", $"法考答案 第{i}条"));
        }

        await capped.Index.CatchUpAsync(CancellationToken.None);
        var many = await capped.Search.SearchAsync(new PostSearchQuery("答案"), CancellationToken.None);
        var few = await capped.Search.SearchAsync(new PostSearchQuery("第2条"), CancellationToken.None);

        Assert.Equal(3, many.Total);
        Assert.True(many.TotalIsAtLeast);
        Assert.Equal(5, many.Hits.Count);
        Assert.Equal(1, few.Total);
        Assert.False(few.TotalIsAtLeast);
    }

    [Fact]
    public async Task Search_LimitAndOffset_PageThroughHits()
    {
        for (var i = 0; i < 7; i++)
        {
            await _store.StoreAsync(SearchStore.Post($"p{i}", $"法考答案 第{i}条", published: SearchStore.T0.AddMinutes(i)));
        }

        var first = await SearchAsync(new PostSearchQuery("答案", Limit: 3));
        var second = await SearchAsync(new PostSearchQuery("答案", Limit: 3, Offset: 3));

        Assert.Equal(7, first.Total);
        Assert.Equal(3, first.Hits.Count);
        Assert.Empty(first.Hits.Select(h => h.PostId).Intersect(second.Hits.Select(h => h.PostId)));
    }
}
