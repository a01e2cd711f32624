using System;
using System.Collections.Generic;
using System.Linq;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.OrganizationTrails
{
    /// <summary>The IAM actions behind each call of the repair, and the least-privilege policy that grants a set of them.</summary>
    public static class RepairPermissions
    {
        public const string CreateServiceLinkedRole = "iam:CreateServiceLinkedRole";

        public const string EnableAwsServiceAccess = "organizations:EnableAWSServiceAccess";

        /// <summary>Everything the repair may call, reads first; the last four only for -DelegatedAdministratorAccountId.</summary>
        public static IReadOnlyList<string> All { get; } = new[]
        {
            "organizations:DescribeOrganization",
            "organizations:ListAWSServiceAccessForOrganization",
            "iam:ListRoles",
            "iam:GetRole",
            EnableAwsServiceAccess,
            CreateServiceLinkedRole,
            "organizations:DescribeAccount",
            "organizations:ListDelegatedAdministrators",
            "cloudtrail:RegisterOrganizationDelegatedAdmin",
            "organizations:RegisterDelegatedAdministrator",
        };


        /// <summary>The actions a refused call needs. CloudTrail's registration also calls Organizations and IAM as the caller.</summary>
        public static IReadOnlyList<string> ForOperation(string operation)
        {
            switch (operation)
            {
                case "GetCallerIdentity": return new[] { "sts:GetCallerIdentity" };
                case "DescribeOrganization": return new[] { "organizations:DescribeOrganization" };
                case "DescribeAccount": return new[] { "organizations:DescribeAccount" };
                case "ListAWSServiceAccessForOrganization": return new[] { "organizations:ListAWSServiceAccessForOrganization" };
                case "EnableAWSServiceAccess": return new[] { EnableAwsServiceAccess };
                case "ListRoles": return new[] { "iam:ListRoles" };
                case "CreateServiceLinkedRole": return new[] { CreateServiceLinkedRole };
                case "ListDelegatedAdministrators": return new[] { "organizations:ListDelegatedAdministrators" };
                case "RegisterOrganizationDelegatedAdmin":
                    return new[]
                    {
                        "cloudtrail:RegisterOrganizationDelegatedAdmin", "organizations:RegisterDelegatedAdministrator",
                        "organizations:ListAWSServiceAccessForOrganization", CreateServiceLinkedRole, "iam:GetRole",
                    };
                default: return Array.Empty<string>();
            }
        }

        /// <summary>
        /// An identity policy (compact JSON) allowing exactly <paramref name="actions"/>; iam:CreateServiceLinkedRole is
        /// limited to CloudTrail's role in <paramref name="partition"/> (aws, aws-cn, aws-us-gov: take it from the caller's
        /// ARN) with the iam:AWSServiceName condition, and organizations:EnableAWSServiceAccess to CloudTrail with the
        /// organizations:ServicePrincipal condition. Null when there are no actions.
        /// </summary>
        public static string? PolicyFor(IEnumerable<string> actions, string partition = "aws")
        {
            if (string.IsNullOrWhiteSpace(partition))
            {
                throw new ArgumentException("The partition (aws, aws-cn, aws-us-gov, ...) must not be empty.", nameof(partition));
            }

            var distinct = (actions ?? throw new ArgumentNullException(nameof(actions)))
                .Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (distinct.Count == 0)
            {
                return null;
            }

            // Keep the order of All so the same set always gives the same document.
            distinct.Sort((a, b) => Rank(a) != Rank(b) ? Rank(a).CompareTo(Rank(b)) : string.CompareOrdinal(a, b));
            bool serviceLinkedRole = distinct.Contains(CreateServiceLinkedRole, StringComparer.OrdinalIgnoreCase);
            bool trustedAccess = distinct.Contains(EnableAwsServiceAccess, StringComparer.OrdinalIgnoreCase);
            var plain = distinct.Where(a => !string.Equals(a, CreateServiceLinkedRole, StringComparison.OrdinalIgnoreCase)
                                            && !string.Equals(a, EnableAwsServiceAccess, StringComparison.OrdinalIgnoreCase)).ToList();

            var statements = new List<PolicyStatementSpec>();
            if (plain.Count > 0)
            {
                statements.Add(new PolicyStatementSpec("OrganizationTrailPrerequisites", plain, "*"));
            }

            if (trustedAccess)
            {
                // Trusted access for CloudTrail only, not for every service in the organization.
                statements.Add(new PolicyStatementSpec("EnableCloudTrailTrustedAccess", new[] { EnableAwsServiceAccess }, "*",
                    "organizations:ServicePrincipal", OrganizationTrailRepairRunner.CloudTrailServicePrincipal));
            }

            if (serviceLinkedRole)
            {
                statements.Add(new PolicyStatementSpec("CreateCloudTrailServiceLinkedRole", new[] { CreateServiceLinkedRole },
                    "arn:" + partition + ":iam::*:role/aws-service-role/cloudtrail.amazonaws.com/*",
                    "iam:AWSServiceName", OrganizationTrailRepairRunner.CloudTrailServicePrincipal));
            }

            return SuggestedPolicyBuilder.Document(statements);
        }

        private static int Rank(string action)
        {
            for (int i = 0; i < All.Count; i++)
            {
                if (string.Equals(All[i], action, StringComparison.OrdinalIgnoreCase))
                {
                    return i;
                }
            }

            return All.Count;
        }
    }
}
