using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>
    /// Enumerates a slow source on a background thread and hands its items to the pipeline thread, calling a tick
    /// there at least every 250 ms even while the source yields nothing (a scan of files without denials), so
    /// progress can be written from the only thread allowed to write it.
    /// </summary>
    internal static class HeartbeatEnumerable
    {
        private const int Bound = 1024;
        private static readonly TimeSpan Beat = TimeSpan.FromMilliseconds(250);

        public static IEnumerable<T> Enumerate<T>(IEnumerable<T> source, Action tick, CancellationToken cancellationToken)
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var items = new BlockingCollection<T>(Bound);
            Task producer = Task.Factory.StartNew(
                () =>
                {
                    try
                    {
                        foreach (T item in source)
                        {
                            items.Add(item, stop.Token);
                        }
                    }
                    finally
                    {
                        items.CompleteAdding();
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            try
            {
                while (!items.IsCompleted)
                {
                    tick();
                    if (items.TryTake(out T item, Beat))
                    {
                        yield return item;
                    }
                }
            }
            finally
            {
                // Stopped early (Select-Object -First, Ctrl+C): the producer stops adding and disposes the source.
                stop.Cancel();
                try
                {
                    producer.Wait();
                }
                catch (AggregateException)
                {
                    // Observed here; rethrown below when the enumeration ran to its end.
                }
            }

            // The source's own failure (or Ctrl+C) surfaces on the pipeline thread as it would without the heartbeat.
            if (producer.Exception?.InnerException is Exception failure)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(failure).Throw();
            }
        }
    }
}
