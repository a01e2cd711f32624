using System;
using System.Threading;
using CloudTrailIamTools.Core.Aws;

namespace CloudTrailIamTools.Core
{
    /// <summary>
    /// Which front end is running, so that messages built deep in the core (an InvalidInputException, a refusal)
    /// name our parameters as that front end spells them. The CLI sets it for each invocation; the module keeps the
    /// default. It flows with the async context, so parallel invocations do not see each other's.
    /// </summary>
    public static class FrontEnd
    {
        private static readonly AsyncLocal<AwsParameterStyle?> Current = new AsyncLocal<AwsParameterStyle?>();

        /// <summary>The running front end's style; PowerShell unless a front end said otherwise.</summary>
        public static AwsParameterStyle Style => Current.Value ?? AwsParameterStyle.PowerShell;

        /// <summary>Uses <paramref name="style"/> until the returned scope is disposed.</summary>
        public static IDisposable Use(AwsParameterStyle style)
        {
            AwsParameterStyle? previous = Current.Value;
            Current.Value = style;
            return new Scope(previous);
        }

        private sealed class Scope : IDisposable
        {
            private readonly AwsParameterStyle? previous;

            public Scope(AwsParameterStyle? previous) => this.previous = previous;

            public void Dispose() => Current.Value = previous;
        }
    }
}
