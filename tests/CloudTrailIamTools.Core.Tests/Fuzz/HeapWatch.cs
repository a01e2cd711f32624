using System;
using System.Threading;

namespace CloudTrailIamTools.Core.Tests.Fuzz
{
    /// <summary>Samples the managed heap every few milliseconds while the readers run: the largest value is their peak.</summary>
    internal sealed class HeapWatch : IDisposable
    {
        private readonly Thread sampler;
        private volatile bool stopping;
        private long peak;

        public HeapWatch()
        {
            Reset();
            sampler = new Thread(Sample) { IsBackground = true, Name = "HeapWatch" };
            sampler.Start();
        }

        public long Baseline { get; private set; }

        /// <summary>The largest heap seen above the baseline since the last reset, garbage included (as the process's memory), in MB.</summary>
        public long PeakGrowthMegabytes => (Interlocked.Read(ref peak) - Baseline) / (1024 * 1024);

        /// <summary>Collects everything and starts measuring from here.</summary>
        public void Reset()
        {
            Baseline = GC.GetTotalMemory(forceFullCollection: true);
            Interlocked.Exchange(ref peak, Baseline);
        }

        public void Dispose()
        {
            stopping = true;
            sampler.Join();
        }

        private void Sample()
        {
            while (!stopping)
            {
                long now = GC.GetTotalMemory(forceFullCollection: false);
                if (now > Interlocked.Read(ref peak))
                {
                    Interlocked.Exchange(ref peak, now);
                }

                Thread.Sleep(2);
            }
        }
    }
}
