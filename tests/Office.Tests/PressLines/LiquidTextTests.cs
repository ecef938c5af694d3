using SentimentWatch.Office.PressLines;

namespace SentimentWatch.Office.Tests.PressLines;

public sealed class LiquidTextTests
{
    [Fact]
    public void Check_UnknownFact_IsRefusedNamingItsLine()
    {
        var problems = LiquidText.Check("第一行 {{ incident.title }}\n第二行\n第三行 {{ incident.secret_source }} 结束", out var template);

        Assert.Null(template);
        var problem = Assert.Single(problems);
        Assert.Equal(3, problem.Line);
        Assert.Contains("incident.secret_source", problem.Message, StringComparison.Ordinal);
        Assert.StartsWith("第 3 行", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Check_SyntaxError_IsRefusedNamingItsLine()
    {
        var problems = LiquidText.Check("一\n二 {{ incident.title }}\n三 {% if incident.level %}没有结束", out var template);

        Assert.Null(template);
        var problem = Assert.Single(problems);
        Assert.Contains("语法", problem.Message, StringComparison.Ordinal);
        Assert.Equal(3, problem.Line);
    }

    [Fact]
    public void Check_UnclosedOutputOnSecondLine_NamesLineTwo()
    {
        var problems = LiquidText.Check("标题\n{{ incident.title \n尾", out _);

        Assert.Contains(problems, p => p.Line >= 2);
        Assert.DoesNotContain(problems, p => p.Line == 1);
    }

    [Fact]
    public void Check_LoopVariablesAndFilters_AreNotFacts()
    {
        var problems = LiquidText.Check("{% assign n = incident.post_count %}{{ n }} {{ incident.title | upcase }} {% for x in (1..2) %}{{ x }}{{ forloop.index }}{% endfor %}", out var template);

        Assert.Empty(problems);
        Assert.NotNull(template);
        Assert.Equal(["incident.post_count", "incident.title"], template.Facts.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Fill_FactWithoutVerifiedValue_ShowsVisibleBlank_NeverAGuess()
    {
        LiquidText.Check("发布单位：{{ office.name }}；标题：{{ incident.title }}；移交：{{ police.handed_over }}", out var template);
        var sheet = new FactSheet([new PressLineFact("incident.title", "事件标题", "网传卷一泄露", [new SentimentWatch.Office.Facts.SourceRef("incident", "1", null, "事件 #1")])]);

        var text = LiquidText.Fill(template!, sheet);

        Assert.Equal("发布单位：【待补充】；标题：网传卷一泄露；移交：【待补充】", text);
        Assert.Contains("incident.title = 网传卷一泄露 ⟨incident:1⟩", sheet.Describe(template!.Facts), StringComparison.Ordinal);
    }

    [Fact]
    public void Fill_HostileMarkupInAFact_IsKeptAsText()
    {
        LiquidText.Check("{{ incident.title }}", out var template);
        var sheet = new FactSheet([new PressLineFact("incident.title", "事件标题", "<script>alert(1)</script>{{ office.name }}", [new SentimentWatch.Office.Facts.SourceRef("incident", "1", null, "事件 #1")])]);

        // Plain text out: the console encodes it when it shows it; a fact's braces are never evaluated again.
        Assert.Equal("<script>alert(1)</script>{{ office.name }}", LiquidText.Fill(template!, sheet));
    }
}
