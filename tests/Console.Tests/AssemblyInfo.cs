// The console tests start a worker host and a browser each; run them one at a time on the shared 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
