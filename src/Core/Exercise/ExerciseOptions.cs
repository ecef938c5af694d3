namespace SentimentWatch.Core.Exercise;

/// <summary>
/// Drill mode (<c>Exercise</c>): set only by <c>sw exercise run</c> for the process it starts. When <see cref="Marker"/>
/// is set, every mail and webhook subject, every console page, every evidence packet's operator line and every
/// evaluation carries it, so nothing from a drill can be taken for a real incident.
/// </summary>
public sealed class ExerciseOptions
{
    public const string Section = "Exercise";

    /// <summary>Shown before every subject and title while a drill runs (<c>【演练】</c>); empty outside drills.</summary>
    public string Marker { get; set; } = string.Empty;

    /// <summary>The scenario's name, shown with the marker.</summary>
    public string Name { get; set; } = string.Empty;

    public bool Active => Marker.Length > 0;
}
