using System;
using CloudTrailIamTools.Core.Arns;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Resources that belong to AWS, which no customer policy can allow changing: AWS managed policies
    /// (arn:aws:iam::aws:policy/...), roles IAM Identity Center keeps under /aws-reserved/, service-linked roles
    /// under /aws-service-role/ (their service changes them; iam:DeleteServiceLinkedRole deletes them), and
    /// KMS aliases under alias/aws/, reserved for AWS managed keys. The engine reports such requests as an
    /// implicit deny by <see cref="PolicyType.AwsOwnedResource"/>; the grant path asks <see cref="Refusal(string, string)"/>
    /// before it writes a statement, since no grant can fix them.
    /// </summary>
    public static class AwsOwnedResource
    {
        private static readonly string[] ManagedPolicyActions =
        {
            "iam:CreatePolicy", "iam:DeletePolicy", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion",
            "iam:SetDefaultPolicyVersion", "iam:TagPolicy", "iam:UntagPolicy",
        };

        private static readonly string[] ReservedRoleActions =
        {
            "iam:CreateRole", "iam:DeleteRole", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePolicy",
            "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary", "iam:UpdateRole",
            "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole",
        };

        // A service-linked role's description may be edited by customers; everything else is its service's.
        private static readonly string[] ServiceLinkedRoleActions =
        {
            "iam:CreateRole", "iam:DeleteRole", "iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:PutRolePolicy",
            "iam:DeleteRolePolicy", "iam:PutRolePermissionsBoundary", "iam:DeleteRolePermissionsBoundary", "iam:UpdateAssumeRolePolicy",
        };

        private static readonly string[] AwsAliasActions = { "kms:CreateAlias", "kms:UpdateAlias", "kms:DeleteAlias" };

        /// <summary>
        /// Why AWS refuses <paramref name="action"/> on <paramref name="resource"/> to every customer principal
        /// whatever the policies say, or null when it does not. <paramref name="resource"/> is an ARN (a pattern
        /// that starts with the owned prefix counts too).
        /// </summary>
        public static string? Refusal(string action, string resource)
        {
            if (string.IsNullOrEmpty(action) || string.IsNullOrEmpty(resource) || !resource.StartsWith("arn:", StringComparison.Ordinal))
            {
                return null;
            }

            // arn:partition:service:region:account:resource
            string[] parts = resource.Split(new[] { ':' }, 6);
            if (parts.Length < 6)
            {
                return null;
            }

            string service = parts[2];
            string account = parts[4];
            string name = parts[5];
            if (service == "iam" && account == "aws" && name.StartsWith("policy/", StringComparison.Ordinal) && IsOneOf(action, ManagedPolicyActions))
            {
                return "The policy is an AWS managed policy: AWS maintains it and no customer can create, change, tag or delete it.";
            }

            if (service == "iam" && name.StartsWith("role/aws-reserved/", StringComparison.Ordinal) && IsOneOf(action, ReservedRoleActions))
            {
                return "The role is under the /aws-reserved/ path, where IAM Identity Center keeps the roles it creates for permission sets: " +
                    "only IAM Identity Center changes them (edit the permission set instead).";
            }

            if (service == "iam" && name.StartsWith("role/aws-service-role/", StringComparison.Ordinal) && IsOneOf(action, ServiceLinkedRoleActions))
            {
                return "The role is a service-linked role (path /aws-service-role/): only its service creates or changes it, " +
                    "and it is deleted with iam:DeleteServiceLinkedRole.";
            }

            if (service == "kms" && name.StartsWith("alias/aws/", StringComparison.Ordinal) && IsOneOf(action, AwsAliasActions))
            {
                return "Aliases that begin with alias/aws/ are reserved for AWS managed keys: no customer can create, update or delete them.";
            }

            return null;
        }

        /// <summary>The refusal for a request, or null. Service-linked roles and services act on AWS's behalf and are exempt for roles and aliases.</summary>
        internal static string? Refusal(PreparedRequest request)
        {
            // Cheap rejection first: only iam: and kms: actions on ARNs can be concerned.
            string actionUpper = request.ActionUpper;
            if (!(actionUpper.StartsWith("IAM:", StringComparison.Ordinal) || actionUpper.StartsWith("KMS:", StringComparison.Ordinal)) ||
                !request.Resource.StartsWith("arn:", StringComparison.Ordinal))
            {
                return null;
            }

            string? reason = Refusal(request.Action, request.Resource);
            if (reason is null)
            {
                return null;
            }

            bool managedPolicy = request.Resource.IndexOf(":iam::aws:policy/", StringComparison.Ordinal) > 0;
            if (!managedPolicy && (request.IsServiceLinkedRole || request.Principal.Type == PrincipalType.Service))
            {
                return null;
            }

            return reason;
        }

        private static bool IsOneOf(string action, string[] actions)
        {
            foreach (string candidate in actions)
            {
                if (string.Equals(candidate, action.Trim(), StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
