namespace SentimentWatch.Core.Exercise;

/// <summary>The flag that makes a store a drill's store (<c>office_exercise</c>): written once by <c>sw exercise run</c>.</summary>
public interface IExerciseStore
{
    Task MarkAsync(string name, string marker, DateTimeOffset startedUtc, CancellationToken cancellationToken);

    /// <summary>The drill marker of this store (e.g. 【演练】), or null for a real store.</summary>
    Task<string?> MarkerAsync(CancellationToken cancellationToken);
}
