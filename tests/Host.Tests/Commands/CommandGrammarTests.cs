using System.CommandLine;
using SentimentWatch.Host.Cli;

namespace SentimentWatch.Host.Tests.Commands;

/// <summary>The noun-verb grammar of <c>sw</c> and the old verbs kept for one release.</summary>
public sealed class CommandGrammarTests
{
    [Theory]
    [InlineData("crawl --source s1 --once", "crawler run --source s1 --once")]
    [InlineData("fetch https://example.cn/", "crawler fetch https://example.cn/")]
    [InlineData("sources check", "crawler check")]
    [InlineData("train --include-feedback", "classifier train --include-feedback")]
    [InlineData("evaluate --input f.jsonl", "classifier evaluate --input f.jsonl")]
    [InlineData("classify 出售答案", "classifier classify 出售答案")]
    [InlineData("feedback --post 1 --decision confirmed", "classifier feedback --post 1 --decision confirmed")]
    [InlineData("segment --mode search", "segmenter cut --mode search")]
    [InlineData("keywords --top 5", "segmenter keywords --top 5")]
    [InlineData("drill --port 8000", "drill serve --port 8000")]
    [InlineData("--config cfg crawl --source s1", "--config cfg crawler run --source s1")]
    [InlineData("--config=cfg segment", "--config=cfg segmenter cut")]
    public void Rewrite_OldForm_NewFormWithNotice(string old, string expected)
    {
        var rewritten = CommandLine.Rewrite(old.Split(' '), out var notice);

        Assert.Equal(expected.Split(' '), rewritten);
        Assert.NotNull(notice);
        Assert.Contains("is now", notice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("crawler run --source s1")]
    [InlineData("drill serve --port 8000")]
    [InlineData("incidents list")]
    [InlineData("run")]
    [InlineData("demo --speed 40")]
    [InlineData("--config cfg evidence verify p.zip")]
    public void Rewrite_NewOrUnchangedForm_LeftAsIs(string line)
    {
        var args = line.Split(' ');

        Assert.Equal(args, CommandLine.Rewrite(args, out var notice));
        Assert.Null(notice);
    }

    [Fact]
    public void Build_TopLevel_OnlyNounsAndTheWorkerVerbs()
    {
        var root = CommandLine.Build();
        var top = root.Subcommands.Select(c => c.Name).ToHashSet();

        foreach (var (old, noun, verb) in CommandLine.Renames)
        {
            Assert.Contains(noun, top);
            Assert.Contains(verb, root.Subcommands.Single(c => c.Name == noun).Subcommands.Select(c => c.Name));
            if (old.Length == 1 && old[0] != noun)
            {
                Assert.DoesNotContain(old[0], top);
            }
        }

        Assert.DoesNotContain("sources", top);
        Assert.Superset(new HashSet<string> { "run", "demo", "crawler", "classifier", "segmenter", "drill", "incidents", "alerts", "evidence" }, top);
    }

    [Fact]
    public void Parse_NewForm_KeepsTheVerbsOptions()
    {
        var root = CommandLine.Build();

        var result = root.Parse(["crawler", "run", "--source", "drill-tieba", "--once"]);

        Assert.Empty(result.Errors);
        Assert.Equal("run", result.CommandResult.Command.Name);
        Assert.Equal("drill-tieba", result.CommandResult.Command.Options.Where(o => o.Name == "--source").Select(o => result.GetValue<string>(o.Name)).Single());
    }
}
