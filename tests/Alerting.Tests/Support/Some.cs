using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using SentimentWatch.Alerting.Grading;
using SentimentWatch.Alerting.Pipeline;
using SentimentWatch.Core.Calendar;
using SentimentWatch.Testing;

namespace SentimentWatch.Alerting.Tests.Support;

/// <summary>Builders for tests: the shipped alerting configuration and services made from it.</summary>
internal static class Some
{

    /// <summary>The shipped <c>config/conf.d/10-calendar.json</c> and <c>30-alerting.json</c>, with optional overrides (key → value; null removes nothing).</summary>
    public static IConfigurationRoot Configuration(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var builder = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(RepoPaths.Root, "config", "conf.d", "10-calendar.json"), optional: false)
            .AddJsonFile(Path.Combine(RepoPaths.Root, "config", "conf.d", "30-alerting.json"), optional: false);
        if (overrides is not null)
        {
            builder.AddInMemoryCollection(overrides);
        }

        return builder.Build();
    }

    public static AlertingOptions Options(IReadOnlyDictionary<string, string?>? overrides = null) =>
        Configuration(overrides).GetSection(AlertingOptions.Section).Get<AlertingOptions>() ?? new AlertingOptions();

    public static Grader Grader(AlertingOptions? options = null)
    {
        var o = options ?? Options();
        return new Grader(Microsoft.Extensions.Options.Options.Create(o.Grading), Calendar(), new Gazetteer(Microsoft.Extensions.Options.Options.Create(o.Gazetteer)));
    }

    /// <summary>The shipped calendar (Core's <c>Calendar</c> section), as alerting reads it.</summary>
    public static ExamCalendar Calendar() =>
        new(Microsoft.Extensions.Options.Options.Create(Configuration().GetSection(ExamCalendarOptions.Section).Get<ExamCalendarOptions>() ?? new ExamCalendarOptions()));

    /// <summary>A moment in Beijing time.</summary>
    public static DateTimeOffset Beijing(int year, int month, int day, int hour = 12, int minute = 0) =>
        new(year, month, day, hour, minute, 0, TimeSpan.FromHours(8));

    public static IOptions<T> Wrap<T>(T value)
        where T : class => Microsoft.Extensions.Options.Options.Create(value);
}
