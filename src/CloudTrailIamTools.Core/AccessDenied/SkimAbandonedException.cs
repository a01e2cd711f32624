using System;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>Skimming met something (malformed, truncated or unusual JSON) that only the full reader judges exactly.</summary>
    internal sealed class SkimAbandonedException : Exception
    {
        public SkimAbandonedException()
            : base("The log needs the full JSON reader.")
        {
        }
    }
}
