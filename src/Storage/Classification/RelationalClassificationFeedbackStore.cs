using System.Data.Common;
using SentimentWatch.Core.Classification;
using SentimentWatch.Storage.Internal;
using SentimentWatch.Storage.Relational;

namespace SentimentWatch.Storage.Classification;

/// <summary><see cref="IClassificationFeedbackStore"/>, shared by the SQLite and PostgreSQL stores: the latest decision per post version.</summary>
public abstract class RelationalClassificationFeedbackStore(IStoreSessions sessions, StoreDialect dialect)
    : RelationalStore(sessions, dialect), IClassificationFeedbackStore
{
    public Task<long> SaveAsync(ClassificationFeedback feedback, CancellationToken cancellationToken)
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

        return Sessions.RunAsync(session => session.Command(
                "INSERT INTO classification_feedback (post_id, post_version, text, label, decision, predicted_label, reviewer, note, at_utc, published_at_utc) " +
                "VALUES (@post, @version, @text, @label, @decision, @predicted, @reviewer, @note, @at, @published) " +
                "ON CONFLICT (post_id, post_version) DO UPDATE SET text = excluded.text, label = excluded.label, decision = excluded.decision, " +
                "predicted_label = excluded.predicted_label, reviewer = excluded.reviewer, note = excluded.note, at_utc = excluded.at_utc, published_at_utc = excluded.published_at_utc " +
                "RETURNING id")
            .With("@post", feedback.PostId).With("@version", feedback.PostVersion).With("@text", feedback.Text)
            .With("@label", feedback.Label).With("@decision", feedback.Decision).With("@predicted", feedback.PredictedLabel)
            .With("@reviewer", feedback.Reviewer).With("@note", feedback.Note).With("@at", Dialect.Time(feedback.AtUtc))
            .With("@published", Dialect.Time(feedback.PublishedAtUtc))
            .ScalarLongAsync(cancellationToken), cancellationToken);
    }

    public Task<IReadOnlyList<StoredFeedback>> GetAllAsync(CancellationToken cancellationToken) =>
        Sessions.RunAsync<IReadOnlyList<StoredFeedback>>(async session =>
        {
            var command = session.Command(
                "SELECT id, post_id, post_version, text, label, decision, predicted_label, reviewer, note, at_utc, published_at_utc FROM classification_feedback ORDER BY id");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var list = new List<StoredFeedback>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                list.Add(Read(reader));
            }

            return list;
        }, cancellationToken);

    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        Sessions.RunAsync(session => session.Command("SELECT COUNT(*) FROM classification_feedback").ScalarLongAsync(cancellationToken), cancellationToken);

    private StoredFeedback Read(DbDataReader r) => new(
        r.GetInt64(0),
        new ClassificationFeedback(r.GetInt64(1), r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetString(5),
            r.StringOrNull(6), r.StringOrNull(7), r.StringOrNull(8), Dialect.ReadTime(r, 9), Dialect.ReadTimeOrNull(r, 10)));
}
