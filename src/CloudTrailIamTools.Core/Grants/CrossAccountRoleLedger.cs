using System;
using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// The roles one invocation has already set. Piped records (Import-Csv | Grant-CloudTrailCrossAccountRole) share
    /// the default role name, so a later record would replace what an earlier one set; it is refused instead.
    /// </summary>
    public sealed class CrossAccountRoleLedger
    {
        // IAM role names are unique regardless of case.
        private readonly Dictionary<string, CrossAccountRoleRequest> handled = new Dictionary<string, CrossAccountRoleRequest>(StringComparer.OrdinalIgnoreCase);

        /// <summary>Throws <see cref="CrossAccountRoleRepeatedException"/> when an earlier request of this invocation set the same role.</summary>
        public void ThrowIfAlreadySet(CrossAccountRoleRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (handled.TryGetValue(request.RoleName, out CrossAccountRoleRequest? earlier))
            {
                throw new CrossAccountRoleRepeatedException(
                    "Role " + request.RoleName + " was already set by an earlier record of this command (trusting " + string.Join(", ", earlier.TrustedAccountIds) +
                    "); this record (trusting " + string.Join(", ", request.TrustedAccountIds) + ") would replace it, so nothing was changed for it. " +
                    "Give the accounts of one role together (" + OptionNames.TrustedAccountId + " with every account), or give each record its own " + OptionNames.RoleName + ".",
                    request.RoleName);
            }
        }

        /// <summary>Remembers a role once a record has set it (or, under -WhatIf, would have, or found it already so).</summary>
        public void Record(CrossAccountRoleRequest request)
        {
            if (request is null)
            {
                throw new ArgumentNullException(nameof(request));
            }

            if (!handled.ContainsKey(request.RoleName))
            {
                handled.Add(request.RoleName, request);
            }
        }
    }

    /// <summary>A second record of one invocation targets a role an earlier record already set; nothing was changed for it.</summary>
    public sealed class CrossAccountRoleRepeatedException : CloudTrailIamToolsException
    {
        public CrossAccountRoleRepeatedException(string message, string roleName)
            : base(message)
        {
            RoleName = roleName;
        }

        public string RoleName { get; }

        public override string ErrorId => "CrossAccountRoleRepeated";

        public override FailureCategory Category => FailureCategory.InvalidOperation;
    }
}
