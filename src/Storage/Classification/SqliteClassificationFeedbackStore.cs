using Microsoft.Data.Sqlite;
using SentimentWatch.Core.Classification;
using SentimentWatch.Storage.Internal;

namespace SentimentWatch.Storage.Classification;

/// <summary>SQLite <see cref="IClassificationFeedbackStore"/>: the latest decision per post version.</summary>
public sealed class SqliteClassificationFeedbackStore(SqliteDatabase database) : IClassificationFeedbackStore
{
    public async Task<long> SaveAsync(ClassificationFeedback feedback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(feedback);
        if (!Labels.All.Contains(feedback.Label))
        {
            throw new ArgumentException($"label '{feedback.Label}' is not one of {string.Join(", ", Labels.All)}", nameof(feedback));
        }

        if (!FeedbackDecisions.All.Contains(feedback.Decision))
        {
            throw new ArgumentException($"decision '{feedback.Decision}' is not one of {string.Join(", ", FeedbackDecisions.All)}", nameof(feedback));
        }

        if (feedback.Decision == FeedbackDecisions.FalsePositive && feedback.Label != Labels.Normal)
        {
            throw new ArgumentException($"a false positive trains as '{Labels.Normal}', not '{feedback.Label}'", nameof(feedback));
        }

        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
                "INSERT INTO classification_feedback (post_id, post_version, text, label, decision, predicted_label, reviewer, note, at_utc, published_at_utc) " +
                "VALUES ($post, $version, $text, $label, $decision, $predicted, $reviewer, $note, $at, $published) " +
                "ON CONFLICT (post_id, post_version) DO UPDATE SET text = excluded.text, label = excluded.label, decision = excluded.decision, " +
                "predicted_label = excluded.predicted_label, reviewer = excluded.reviewer, note = excluded.note, at_utc = excluded.at_utc, published_at_utc = excluded.published_at_utc " +
                "RETURNING id")
            .With("$post", feedback.PostId).With("$version", feedback.PostVersion).With("$text", feedback.Text)
            .With("$label", feedback.Label).With("$decision", feedback.Decision).With("$predicted", feedback.PredictedLabel)
            .With("$reviewer", feedback.Reviewer).With("$note", feedback.Note).With("$at", Sql.Time(feedback.AtUtc))
            .With("$published", Sql.Time(feedback.PublishedAtUtc));
        return await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StoredFeedback>> GetAllAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command(
            "SELECT id, post_id, post_version, text, label, decision, predicted_label, reviewer, note, at_utc, published_at_utc FROM classification_feedback ORDER BY id");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var list = new List<StoredFeedback>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.Command("SELECT COUNT(*) FROM classification_feedback");
        return await command.ScalarLongAsync(cancellationToken).ConfigureAwait(false);
    }

    private static StoredFeedback Read(SqliteDataReader r) => new(
        r.GetInt64(0),
        new ClassificationFeedback(r.GetInt64(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetString(5),
            r.StringOrNull(6), r.StringOrNull(7), r.StringOrNull(8), Sql.ParseTime(r.GetString(9)), r.TimeOrNull(10)));
}
