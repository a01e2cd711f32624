using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Catalog
{
    /// <summary>
    /// A role a scenario hands to an AWS service (CloudTrail's CloudWatch Logs delivery role). The administrator who
    /// grants the scenario creates it: creating roles and writing their policies is never granted to the grantee.
    /// Text may hold the placeholders <c>{Partition}</c>, <c>{Account}</c> and <c>{Region}</c>.
    /// </summary>
    public sealed class ScenarioServiceRole
    {
        public ScenarioServiceRole(string roleName, string service, string trustCondition, IReadOnlyList<ScenarioPermission> permissions, string reason)
        {
            RoleName = roleName;
            Service = service;
            TrustCondition = trustCondition;
            Permissions = permissions;
            Reason = reason;
        }

        public string RoleName { get; }

        /// <summary>The service principal the role trusts (cloudtrail.amazonaws.com).</summary>
        public string Service { get; }

        /// <summary>The trust statement's Condition block (JSON object text): the account and trails the service may act for.</summary>
        public string TrustCondition { get; }

        /// <summary>All the role may do.</summary>
        public IReadOnlyList<ScenarioPermission> Permissions { get; }

        public string Reason { get; }

        public override string ToString() => RoleName + " (" + Service + ")";
    }
}
