using System;
using System.Diagnostics;
using System.Management.Automation;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>
    /// Write-Progress for long reads, at most five records a second so it costs nothing measurable, and nothing at
    /// all when $ProgressPreference is SilentlyContinue or Ignore (scripts and jobs that asked for quiet).
    /// </summary>
    internal sealed class ThrottledProgress
    {
        private static readonly long Interval = Stopwatch.Frequency / 5;

        private readonly Cmdlet cmdlet;
        private readonly int activityId;
        private readonly string activity;
        private long lastWritten;
        private bool written;

        public ThrottledProgress(PSCmdlet cmdlet, int activityId, string activity)
        {
            this.cmdlet = cmdlet;
            this.activityId = activityId;
            this.activity = activity;
            object? preference = cmdlet.GetVariableValue("ProgressPreference");
            Enabled = !(preference is ActionPreference action && (action == ActionPreference.SilentlyContinue || action == ActionPreference.Ignore)) &&
                !(preference is string text && (text.Equals("SilentlyContinue", StringComparison.OrdinalIgnoreCase) || text.Equals("Ignore", StringComparison.OrdinalIgnoreCase)));
        }

        /// <summary>False when the session asked for no progress: callers then skip any work done only for progress.</summary>
        public bool Enabled { get; }

        /// <summary>Writes a progress record unless one was written less than 200 ms ago; the status is built only then.</summary>
        public void Update(Func<string> status, int percentComplete = -1)
        {
            if (!Enabled)
            {
                return;
            }

            long now = Stopwatch.GetTimestamp();
            if (written && now - lastWritten < Interval)
            {
                return;
            }

            // A new record each time: hosts and Streams.Progress keep the object they were given.
            cmdlet.WriteProgress(new ProgressRecord(activityId, activity, status()) { PercentComplete = Math.Min(100, percentComplete) });
            lastWritten = now;
            written = true;
        }

        /// <summary>Clears the progress bar, if one was shown.</summary>
        public void Complete()
        {
            if (!written)
            {
                return;
            }

            cmdlet.WriteProgress(new ProgressRecord(activityId, activity, "Done") { RecordType = ProgressRecordType.Completed, PercentComplete = 100 });
            written = false;
        }
    }
}
