using System.Text.Json;
using SentimentWatch.Core.Alerting;
using SentimentWatch.Core.Classification;

namespace SentimentWatch.Classifier.Pipeline;

/// <summary>
/// Alerting's fields on a batch record — <c>level</c>, <c>level_reasons</c>, <c>duplicate_of</c>, <c>incident</c> —
/// from a preview session: fingerprints on the worker threads, clustering and grading in input order. The post's key in
/// the session is its id's JSON text, so <c>duplicate_of</c> is written back as that JSON.
/// </summary>
internal sealed class IncidentFieldsAnnotator(IIncidentPreviewSession session) : IBatchAnnotator
{
    public object? Prepare(ClassificationInput input, ClassificationResult result) => session.Prepare(input, result);

    public void Annotate(string id, object? prepared, Utf8JsonWriter fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var preview = session.Add(id, (IncidentPreviewDraft)prepared!);
        if (preview.Level is { } level)
        {
            fields.WriteString("level"u8, level);
        }
        else
        {
            fields.WriteNull("level"u8);
        }

        fields.WriteStartArray("level_reasons"u8);
        foreach (var r in preview.LevelReasons)
        {
            fields.WriteStartObject();
            fields.WriteString("rule"u8, r.Rule);
            fields.WriteString("level"u8, r.Level.ToString());
            fields.WriteString("detail"u8, r.Detail);
            fields.WriteEndObject();
        }

        fields.WriteEndArray();
        fields.WritePropertyName("duplicate_of"u8);
        if (preview.DuplicateOf is { } duplicate)
        {
            fields.WriteRawValue(duplicate, skipInputValidation: true);
        }
        else
        {
            fields.WriteNullValue();
        }

        if (preview.Incident is { } incident)
        {
            fields.WriteNumber("incident"u8, incident);
        }
        else
        {
            fields.WriteNull("incident"u8);
        }
    }
}
