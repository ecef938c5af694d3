using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SentimentWatch.Classifier.Pipeline;
using SentimentWatch.Core.Classification;
using SentimentWatch.Core.Configuration;
using SentimentWatch.Core.Pipeline;
using SentimentWatch.Core.Posts;
using SentimentWatch.Storage;
using SentimentWatch.Storage.Classification;
using SentimentWatch.Storage.Posts;

namespace SentimentWatch.Classifier.Tests.Pipeline;

public sealed class ClassificationWorkerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 9, 19, 1, 0, 0, TimeSpan.Zero);

    private sealed class Rig
    {
        public Rig()
        {
            var db = new SqliteDatabase(Path.Combine(Directory.CreateTempSubdirectory("sw-worker-").FullName, "sw.db"));
            Posts = new SqlitePostStore(db);
            Classifications = new SqliteClassificationStore(db);
            Checkpoints = new SqliteCheckpointStore(db, Time);
            var provider = new ClassifierModelProvider(
                Options.Create(new PathsOptions { Models = Path.Combine(Some.RepoRoot, "models") }),
                Options.Create(new ClassifierOptions()), new Core.Calendar.ExamSchedule(Some.ShippedCalendar()), new CharSegmenter(), NullLogger<ClassifierModelProvider>.Instance);
            Worker = new ClassificationWorker(Posts, Classifications, Checkpoints, provider,
                Options.Create(new ClassifierOptions { Worker = { BatchSize = 2 } }), Time, NullLogger<ClassificationWorker>.Instance, Signals);
        }

        public PipelineSignals Signals { get; } = new();

        public FakeTimeProvider Time { get; } = new(T0);

        public SqlitePostStore Posts { get; }

        public SqliteClassificationStore Classifications { get; }

        public SqliteCheckpointStore Checkpoints { get; }

        public ClassificationWorker Worker { get; }

        public async Task<long> RunUntilIdleAsync(IPostClassifier classifier)
        {
            var checkpoint = await Checkpoints.GetAsync(ClassificationWorker.CheckpointName, CancellationToken.None);
            while (true)
            {
                var (count, next) = await Worker.RunOnceAsync(classifier, checkpoint, CancellationToken.None);
                if (count == 0)
                {
                    return checkpoint;
                }

                checkpoint = next;
            }
        }
    }

    private static CollectedPost Post(string id, string text) =>
        new("tieba-fakao", "tieba", id, new Uri($"https://tieba.example.cn/p/{id}"), id, null, new AuthorInfo("u1", "作者", 3), null, text,
            T0, "刚刚", new Engagement(1, 2, 3, null), null);

    [Fact]
    public async Task RunOnceAsync_NewAndEditedPosts_EachVersionClassifiedOnceAndCheckpointMoved()
    {
        var rig = new Rig();
        var a = await rig.Posts.UpsertPostAsync(Post("1", "出售法考真题答案，加V信 fk2026da"), T0, CancellationToken.None);
        await rig.Posts.UpsertPostAsync(Post("2", "考场空调坏了，热得没法答题"), T0, CancellationToken.None);
        await rig.Posts.UpsertPostAsync(Post("3", "今天开始刷法考真题"), T0, CancellationToken.None);

        var checkpoint = await rig.RunUntilIdleAsync(Some.Model.Classifier);
        await rig.Posts.UpsertPostAsync(Post("1", "出售法考真题答案，加V信 fk2026da，考前发"), T0.AddMinutes(5), CancellationToken.None);
        var after = await rig.RunUntilIdleAsync(Some.Model.Classifier);

        var all = await rig.Classifications.GetAfterAsync(0, 100, CancellationToken.None);
        Assert.Equal(4, all.Count);
        Assert.Equal([(a.PostId, 1), (a.PostId, 2)], all.Where(c => c.PostId == a.PostId).Select(c => (c.PostId, c.PostVersion)));
        var latest = await rig.Classifications.GetLatestAsync(a.PostId, CancellationToken.None);
        Assert.Equal(2, latest!.PostVersion);
        Assert.Equal("fk2026da", Assert.Single(latest.Result.Contacts).Value);
        Assert.True(after > checkpoint);
        Assert.Equal(after, await rig.Checkpoints.GetAsync(ClassificationWorker.CheckpointName, CancellationToken.None));
    }

    [Fact]
    public async Task RunOnceAsync_BatchSaved_SignalsClassifiedOnlyWhenSomethingWasSaved()
    {
        var rig = new Rig();
        rig.Signals.Classified.Reset();
        await rig.Worker.RunOnceAsync(Some.Model.Classifier, 0, CancellationToken.None);
        Assert.False(await rig.Signals.Classified.WaitAsync(TimeSpan.Zero, rig.Time, CancellationToken.None));

        await rig.Posts.UpsertPostAsync(Post("1", "出售法考真题答案，加V信 fk2026da"), T0, CancellationToken.None);
        await rig.Worker.RunOnceAsync(Some.Model.Classifier, 0, CancellationToken.None);

        // The clock never moves: a true result means the worker notified alerting.
        Assert.True(await rig.Signals.Classified.WaitAsync(TimeSpan.FromHours(1), rig.Time, CancellationToken.None));
    }

    [Fact]
    public async Task RunOnceAsync_CrashAfterSaveBeforeCheckpoint_ReplayStoresNothingTwice()
    {
        var rig = new Rig();
        await rig.Posts.UpsertPostAsync(Post("1", "出售法考真题答案"), T0, CancellationToken.None);
        await rig.Posts.UpsertPostAsync(Post("2", "考场空调坏了"), T0, CancellationToken.None);
        var crashing = new CrashOnSecondClassify(Some.Model.Classifier);

        await Assert.ThrowsAsync<IOException>(() => rig.Worker.RunOnceAsync(crashing, 0, CancellationToken.None));
        Assert.Equal(0, await rig.Checkpoints.GetAsync(ClassificationWorker.CheckpointName, CancellationToken.None));
        Assert.Single(await rig.Classifications.GetAfterAsync(0, 100, CancellationToken.None));

        await rig.RunUntilIdleAsync(Some.Model.Classifier);

        var all = await rig.Classifications.GetAfterAsync(0, 100, CancellationToken.None);
        Assert.Equal(2, all.Count);
        Assert.Equal(2, all.Select(c => c.PostId).Distinct().Count());
    }

    [Fact]
    public async Task ExecuteAsync_ModelMissing_FailsInsteadOfIdling()
    {
        var db = new SqliteDatabase(Path.Combine(Directory.CreateTempSubdirectory("sw-worker-").FullName, "sw.db"));
        var options = Options.Create(new ClassifierOptions { ModelFile = "/nonexistent/classifier.zip" });
        var provider = new ClassifierModelProvider(Options.Create(new PathsOptions { Models = Path.Combine(Some.RepoRoot, "models") }), options,
            new Core.Calendar.ExamSchedule(Some.ShippedCalendar()), new CharSegmenter(), NullLogger<ClassifierModelProvider>.Instance);
        var time = new FakeTimeProvider(T0);
        var worker = new ClassificationWorker(new SqlitePostStore(db), new SqliteClassificationStore(db), new SqliteCheckpointStore(db, time), provider,
            options, time, NullLogger<ClassificationWorker>.Instance);

        await worker.StartAsync(CancellationToken.None);
        var ex = await Assert.ThrowsAsync<SentimentWatch.Classifier.Model.ModelUnavailableException>(() => worker.ExecuteTask!);

        Assert.Contains("sw train", ex.Message, StringComparison.Ordinal);
    }

    /// <summary>Classifies the first post, then fails as a crash would.</summary>
    private sealed class CrashOnSecondClassify(IPostClassifier inner) : IPostClassifier
    {
        private int _calls;

        public ClassificationResult Classify(ClassificationInput input) =>
            ++_calls == 2 ? throw new IOException("simulated crash") : inner.Classify(input);
    }
}
