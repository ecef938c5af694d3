using SentimentWatch.Alerting.Delivery;

namespace SentimentWatch.Alerting.Tests.Delivery;

/// <summary>A hand-over that records its commits and can run a check at the moment of the commit, or refuse it.</summary>
internal sealed class RecordingHandover(Action? atCommit = null, bool refuse = false) : IDeliveryHandover
{
    public int Commits { get; private set; }

    public bool IsCommitted => Commits > 0;

    public void Commit()
    {
        if (refuse)
        {
            throw new HandoverRefusedException(0);
        }

        if (IsCommitted)
        {
            return;
        }

        atCommit?.Invoke();
        Commits++;
    }
}
