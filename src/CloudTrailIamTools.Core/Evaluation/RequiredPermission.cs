using System;
using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>One permission a task needs: an action on a resource, with context the task's calls carry (iam:PassedToService, ...).</summary>
    public sealed class RequiredPermission
    {
        public RequiredPermission(string action, string? resource = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? context = null, string? purpose = null)
        {
            Action = action ?? throw new ArgumentNullException(nameof(action));
            Resource = string.IsNullOrWhiteSpace(resource) ? "*" : resource!;
            Context = context;
            Purpose = purpose;
        }

        public string Action { get; }

        public string Resource { get; }

        /// <summary>Context keys this call carries; they become StringEquals conditions in the suggested policy.</summary>
        public IReadOnlyDictionary<string, IReadOnlyList<string>>? Context { get; }

        /// <summary>Why the task needs it, in a few words (for display).</summary>
        public string? Purpose { get; }
    }
}
