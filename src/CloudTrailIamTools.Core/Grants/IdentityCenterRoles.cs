using System;
using System.Text.RegularExpressions;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// IAM Identity Center's reserved roles (AWSReservedSSO_{PermissionSet}_{suffix}): AWS provisions and overwrites
    /// them from the permission set, so a policy written on the role is lost or fights the permission set.
    /// </summary>
    internal static class IdentityCenterRoles
    {
        private const string Prefix = "AWSReservedSSO_";
        private static readonly Regex Suffix = new Regex("_[0-9a-fA-F]{16}$", RegexOptions.CultureInvariant);

        /// <summary>The permission set's name for a reserved role name; null for any other role.</summary>
        public static string? PermissionSetOf(string? roleName)
        {
            if (roleName is null || !roleName.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return null;
            }

            string rest = roleName.Substring(Prefix.Length);
            return Suffix.Replace(rest, string.Empty);
        }

        public static void RefuseWrite(GrantTarget target, string? principal)
        {
            if (target.PrincipalType == GrantPrincipalType.Role && PermissionSetOf(target.Name) is string permissionSet)
            {
                throw new GrantRefusedException(
                    GrantRefusalReason.IdentityCenterRole,
                    "Not granting: " + target.Name + " is an IAM Identity Center role that AWS manages from the permission set '" + permissionSet +
                    "'; a policy written on the role would be overwritten. Add the permissions to the permission set '" + permissionSet +
                    "' in IAM Identity Center (as an inline policy or customer managed policy reference) instead.",
                    principal ?? target.ToString());
            }
        }
    }
}
