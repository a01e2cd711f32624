using System.Management.Automation;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>
    /// -WhatIf and -Confirm as the state-changing cmdlets need them: under -WhatIf they still emit a WouldChange
    /// result, and -Force skips the prompt unless -Confirm was asked for explicitly.
    /// </summary>
    internal static class ShouldProcessWhatIf
    {
        public static bool IsWhatIf(PSCmdlet cmdlet)
        {
            if (cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? bound))
            {
                return LanguagePrimitives.IsTrue(bound);
            }

            return LanguagePrimitives.IsTrue(cmdlet.SessionState.PSVariable.GetValue("WhatIfPreference"));
        }

        public static bool IsConfirmRequested(PSCmdlet cmdlet) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue("Confirm", out object? bound) && LanguagePrimitives.IsTrue(bound);
    }
}
