using SentimentWatch.Alerting.Grading;
using SentimentWatch.Core.Alerting;

namespace SentimentWatch.Alerting.Tests.Grading;

public sealed class LevelPolicyTests
{
    [Theory]
    [InlineData(IncidentLevel.I, IncidentLevel.III)]
    [InlineData(IncidentLevel.II, IncidentLevel.IV)]
    [InlineData(IncidentLevel.III, IncidentLevel.IV)]
    public void Apply_LowerProposal_KeepsCurrentLevelWithHoldReason(IncidentLevel current, IncidentLevel proposed)
    {
        var d = LevelPolicy.Apply(current, proposed);
        Assert.Equal(current, d.Level);
        Assert.False(d.Upgraded);
        Assert.Equal("hold:no_auto_downgrade", d.HeldReason?.Rule);
    }

    [Fact]
    public void Apply_HigherProposal_UpgradesAndRenotifies()
    {
        var d = LevelPolicy.Apply(IncidentLevel.III, IncidentLevel.I);
        Assert.Equal(IncidentLevel.I, d.Level);
        Assert.True(d.Upgraded);
    }

    [Fact]
    public void Apply_FirstGrade_IsNotAnUpgrade()
    {
        var d = LevelPolicy.Apply(IncidentLevel.None, IncidentLevel.III);
        Assert.Equal(IncidentLevel.III, d.Level);
        Assert.False(d.Upgraded);
    }

    [Fact]
    public void Downgrade_WithoutPersonOrReason_Throws()
    {
        Assert.Throws<ArgumentException>(() => LevelPolicy.Downgrade(IncidentLevel.II, IncidentLevel.III, null, "核实为谣言已澄清"));
        Assert.Throws<ArgumentException>(() => LevelPolicy.Downgrade(IncidentLevel.II, IncidentLevel.III, "张三", " "));
    }

    [Fact]
    public void Downgrade_WithPersonAndReason_LowersAndRecordsWho()
    {
        var d = LevelPolicy.Downgrade(IncidentLevel.II, IncidentLevel.III, "张三", "已核实为旧闻");
        Assert.Equal(IncidentLevel.III, d.Level);
        Assert.Equal("张三: 已核实为旧闻", d.HeldReason?.Detail);
    }

    [Fact]
    public void Downgrade_NotLower_Throws()
    {
        Assert.Throws<ArgumentException>(() => LevelPolicy.Downgrade(IncidentLevel.III, IncidentLevel.II, "张三", "x"));
    }
}
