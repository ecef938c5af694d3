using Microsoft.Extensions.Options;
using SentimentWatch.Core.Exercise;

namespace SentimentWatch.Office.Exercise;

/// <summary>
/// The drill marker (【演练】) for what the office produces: set while <c>sw exercise run</c> runs this process
/// (<c>Exercise:Marker</c>), or when the store is a drill's store (<see cref="IExerciseStore"/>) — so a report or an
/// evaluation drafted later from a drill's store by any command is still marked. Empty for real incidents.
/// </summary>
public sealed class DrillMarker(IOptions<ExerciseOptions> exercise, IExerciseStore drills)
{
    public async Task<string> OfAsync(CancellationToken cancellationToken) =>
        exercise.Value.Active ? exercise.Value.Marker : await drills.MarkerAsync(cancellationToken).ConfigureAwait(false) ?? string.Empty;
}
