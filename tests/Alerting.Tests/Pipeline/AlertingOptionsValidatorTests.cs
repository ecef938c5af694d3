using Microsoft.Extensions.Configuration;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Alerting.Tests.Support;

namespace SentimentWatch.Alerting.Tests.Pipeline;

public sealed class AlertingOptionsValidatorTests
{
    [Fact]
    public void Check_ShippedConfig_HasNoErrors()
    {
        var errors = AlertingOptionsValidator.Check(Some.Options());
        Assert.Empty(errors.Errors);
    }

    [Fact]
    public void Check_EveryKindOfRoutingMistake_ReportsEachOne()
    {
        var o = Some.Options();
        o.Routing.Routes.Remove("III");
        o.Routing.Roster.RemoveAll(s => s.Responder == "duty-b");
        o.Routing.Responders["office"].Contacts["pager"] = "x";
        o.Routing.Responders["head"].Contacts["mail"] = "head-at-example.org";

        var errors = AlertingOptionsValidator.Check(o).Errors;

        Assert.Contains("Alerting:Routing:Routes:III: level has no responder: every level needs a route with at least one target", errors);
        Assert.Contains("Alerting:Routing:Roster: role duty_officer is not covered 00:00–08:00 (Beijing time): the 24-hour duty has a gap", errors);
        Assert.Contains("Alerting:Routing:Roster: role duty_officer is not covered 20:00–24:00 (Beijing time): the 24-hour duty has a gap", errors);
        Assert.Contains("Alerting:Routing:Responders:office:Contacts:pager 'x' names an unknown channel 'pager'", errors);
        Assert.Contains("Alerting:Routing:Responders:head:Contacts:mail 'head-at-example.org' is not a valid e-mail address", errors);
        Assert.Equal(5, errors.Count);
    }

    [Fact]
    public void Check_UnknownRouteTargetAndChannelType_Named()
    {
        var o = Some.Options();
        o.Routing.Routes["II"].Targets.Add("nobody");
        o.Routing.Channels["hook"].Type = "pigeon";
        var errors = AlertingOptionsValidator.Check(o).Errors;
        Assert.Contains(errors, e => e.StartsWith("Alerting:Routing:Routes:II:Targets:3 'nobody'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerting:Routing:Channels:hook:Type 'pigeon'", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_BadGradingRules_NamesKeyAndValue()
    {
        var o = Some.Options();
        o.Grading.ContentFloors[0].Label = "gossip";
        o.Grading.ContentFloors[1].Level = "V";
        o.Grading.SpreadTriggers[0].Metric = "likes";
        o.Grading.SensitivityFactor = 2;
        var errors = AlertingOptionsValidator.Check(o).Errors;
        Assert.Contains(errors, e => e.StartsWith("Alerting:Grading:ContentFloors:0:Label 'gossip'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerting:Grading:ContentFloors:1:Level 'V'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerting:Grading:SpreadTriggers:0:Metric 'likes'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Alerting:Grading:SensitivityFactor '2'", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ShortSigningKey_RejectedWithoutEchoingIt()
    {
        var o = Some.Options();
        o.Ack.SigningKey = Convert.ToBase64String(new byte[8]);
        var errors = AlertingOptionsValidator.Check(o).Errors;
        var e = Assert.Single(errors);
        Assert.StartsWith("Alerting:Ack:SigningKey:", e, StringComparison.Ordinal);
        Assert.DoesNotContain(o.Ack.SigningKey, e, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(61)]
    public void Check_UrgentFirstWaitOutOfRange_Named(int seconds)
    {
        var o = Some.Options();
        o.Routing.UrgentFirstWaitMax = TimeSpan.FromSeconds(seconds);
        var errors = AlertingOptionsValidator.Check(o).Errors;
        Assert.Equal($"Alerting:Routing:UrgentFirstWaitMax '{TimeSpan.FromSeconds(seconds)}' must be a time span from 00:00:00 to 00:01:00 (first reports of Ⅰ–Ⅲ go out without delay)", Assert.Single(errors));
    }

    [Theory]
    [InlineData("duty@example.org", true)]
    [InlineData("值班@example.org", true)]
    [InlineData("duty@localhost", false)]
    [InlineData("no at sign", false)]
    [InlineData("", false)]
    public void IsEmail_Inputs_Classified(string address, bool expected)
    {
        Assert.Equal(expected, AlertingOptionsValidator.IsEmail(address));
    }

    [Fact]
    public void Check_BadDigestTimeAndRecipient_NamesEach()
    {
        var o = Some.Options();
        o.Routing.Digest.At = "25:00";
        o.Routing.Digest.Recipients = ["office", "roster:cook"];

        var errors = AlertingOptionsValidator.Check(o).Errors;

        Assert.Contains("Alerting:Routing:Digest:At '25:00' is not a time of day HH:mm (00:00…23:59, Beijing time)", errors);
        Assert.Contains("Alerting:Routing:Digest:Recipients:1 'roster:cook' is not a responder, roster:ROLE", errors);
        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Validate_RetiredIntegerKeys_NamesEachWithItsTimeSpanKey()
    {
        var configuration = Some.Configuration(new Dictionary<string, string?>
        {
            ["Alerting:PollSeconds"] = "5",
            ["Alerting:Routing:Routes:IV:GroupWaitSeconds"] = "60",
        });
        var options = configuration.GetSection(AlertingOptions.Section).Get<AlertingOptions>()!;

        var result = new AlertingOptionsValidator(configuration).Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal(
            [
                "Alerting:PollSeconds '5' is no longer read (seconds as a number): write Alerting:PollInterval as a time span, e.g. 00:05:00 for five minutes",
                "Alerting:Routing:Routes:IV:GroupWaitSeconds '60' is no longer read (seconds as a number): write Alerting:Routing:Routes:IV:GroupWait as a time span, e.g. 00:05:00 for five minutes",
            ],
            result.Failures);
    }

    [Fact]
    public void Validate_ShippedConfiguration_Succeeds()
    {
        var configuration = Some.Configuration();
        var options = configuration.GetSection(AlertingOptions.Section).Get<AlertingOptions>()!;

        Assert.True(new AlertingOptionsValidator(configuration).Validate(null, options).Succeeded);
    }

    [Fact]
    public void Check_TimeSpanOutOfRange_NamesKeyAndValue()
    {
        var o = Some.Options();
        o.Delivery.PollInterval = TimeSpan.Zero;
        o.Escalation.Levels["I"].Steps[0].After = TimeSpan.FromSeconds(5);

        var errors = AlertingOptionsValidator.Check(o).Errors;

        Assert.Contains("Alerting:Delivery:PollInterval '00:00:00' must be a time span from 00:00:00.0100000 to 00:10:00", errors);
        Assert.Contains("Alerting:Escalation:Levels:I:Steps:0:After '00:00:05' must be a time span from 00:01:00 to 7.00:00:00", errors);
        Assert.Equal(2, errors.Count);
    }
}
