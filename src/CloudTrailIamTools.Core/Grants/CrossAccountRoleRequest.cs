using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using CloudTrailIamTools.Core.Arns;

namespace CloudTrailIamTools.Core.Grants
{
    /// <summary>
    /// A read-only role that other accounts may assume to read this account's CloudTrail data and, optionally, their
    /// own log files in a shared bucket. Every value is checked here, before any AWS call.
    /// </summary>
    public sealed class CrossAccountRoleRequest
    {
        public const string DefaultRoleName = "CloudTrailCrossAccountReader";

        private static readonly Regex RoleNamePattern = new Regex(@"^[\w+=,.@-]{1,64}$", RegexOptions.CultureInvariant);
        private static readonly Regex ExternalIdPattern = new Regex(@"^[\w+=,.@:/-]{2,1224}$", RegexOptions.CultureInvariant);
        private static readonly Regex BucketPattern = new Regex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant);
        private static readonly Regex OrganizationPattern = new Regex(@"^o-[a-z0-9]{10,32}$", RegexOptions.CultureInvariant);

        public CrossAccountRoleRequest(
            IEnumerable<string> trustedAccountIds,
            string? roleName = null,
            string? externalId = null,
            bool thirdParty = false,
            bool requireMfa = false,
            int? maxSessionDuration = null,
            string? logBucketName = null,
            string? logPrefix = null,
            string? organizationId = null,
            string? kmsKeyArn = null)
        {
            TrustedAccountIds = ValidateAccounts(trustedAccountIds);
            RoleName = string.IsNullOrWhiteSpace(roleName) ? DefaultRoleName : roleName!.Trim();
            if (!RoleNamePattern.IsMatch(RoleName))
            {
                throw new InvalidInputException("'" + roleName + "' is not a valid role name: 1 to 64 letters, digits and + = , . @ _ -.", "RoleName");
            }

            if (externalId is not null && !ExternalIdPattern.IsMatch(externalId))
            {
                throw new InvalidInputException("The external ID must be 2 to 1224 letters, digits and + = , . @ : / _ -.", "ExternalId");
            }

            if (thirdParty && externalId is null)
            {
                throw new InvalidInputException(
                    OptionNames.ThirdParty + " needs " + OptionNames.ExternalId + ": a third party that serves several customers must prove with the external ID which customer it acts for (the confused deputy problem).",
                    "ExternalId");
            }

            if (maxSessionDuration is int seconds && (seconds < 3600 || seconds > 43200))
            {
                throw new InvalidInputException("MaxSessionDuration must be between 3600 and 43200 seconds (1 to 12 hours); " + seconds + " is not.", "MaxSessionDuration");
            }

            if (logBucketName is not null && !BucketPattern.IsMatch(logBucketName))
            {
                throw new InvalidInputException("'" + logBucketName + "' is not a valid S3 bucket name.", "LogBucketName");
            }

            if (logBucketName is null && (logPrefix is not null || organizationId is not null))
            {
                throw new InvalidInputException(OptionNames.LogPrefix + " and " + OptionNames.OrganizationId + " describe where log files are in a bucket; give " + OptionNames.LogBucketName + " too.", "LogBucketName");
            }

            if (logBucketName is not null && TrustedAccountIds.Count > 1)
            {
                // Everyone who assumes a role gets all of its permissions: one role for two accounts would let each read the other's logs.
                throw new InvalidInputException(
                    "Log file sharing needs one role per trusted account, so that each account reads only its own logs; run the command once per account with its own " + OptionNames.RoleName + ".",
                    "TrustedAccountId");
            }

            string? prefix = logPrefix?.Trim().Trim('/');
            if (prefix is not null && (prefix.IndexOf('*') >= 0 || prefix.IndexOf('?') >= 0))
            {
                throw new InvalidInputException(OptionNames.LogPrefix + " is the trail's S3 key prefix, without wildcards: '" + logPrefix + "'.", "LogPrefix");
            }

            if (organizationId is not null && !OrganizationPattern.IsMatch(organizationId))
            {
                throw new InvalidInputException("'" + organizationId + "' is not an organization ID (o- and 10 to 32 lower-case letters or digits).", "OrganizationId");
            }

            if (kmsKeyArn is not null && !(Arn.TryParse(kmsKeyArn, out Arn? key) && key.Service == "kms" && key.Resource.StartsWith("key/", StringComparison.Ordinal) && Arn.IsAccountId(key.AccountId)))
            {
                throw new InvalidInputException("'" + kmsKeyArn + "' is not a KMS key ARN (arn:aws:kms:region:account:key/id); aliases cannot be used in a policy's Resource.", "KmsKeyArn");
            }

            ExternalId = externalId;
            ThirdParty = thirdParty;
            RequireMfa = requireMfa;
            MaxSessionDuration = maxSessionDuration;
            LogBucketName = logBucketName;
            LogPrefix = string.IsNullOrEmpty(prefix) ? null : prefix;
            OrganizationId = organizationId;
            KmsKeyArn = kmsKeyArn;
        }

        /// <summary>Distinct 12-digit account IDs, in the order given.</summary>
        public IReadOnlyList<string> TrustedAccountIds { get; }

        public string RoleName { get; }

        public string? ExternalId { get; }

        public bool ThirdParty { get; }

        public bool RequireMfa { get; }

        public int? MaxSessionDuration { get; }

        public string? LogBucketName { get; }

        /// <summary>The trail's S3 key prefix without leading or trailing slashes; null when none.</summary>
        public string? LogPrefix { get; }

        public string? OrganizationId { get; }

        public string? KmsKeyArn { get; }

        private static IReadOnlyList<string> ValidateAccounts(IEnumerable<string> accounts)
        {
            var result = new List<string>();
            foreach (string raw in accounts ?? Array.Empty<string>())
            {
                string account = (raw ?? string.Empty).Trim();
                if (account == "*" || account.IndexOf('*') >= 0)
                {
                    throw new GrantRefusedException(
                        GrantRefusalReason.UnsafeTrust,
                        "Not creating a role that trusts '" + account + "': a wildcard principal would let any AWS account assume it. Name each trusted account's 12-digit ID.");
                }

                if (account.StartsWith("o-", StringComparison.OrdinalIgnoreCase) || account.IndexOf(":organization/", StringComparison.OrdinalIgnoreCase) >= 0 ||
                    account.IndexOf("PrincipalOrgID", StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    throw new GrantRefusedException(
                        GrantRefusalReason.UnsafeTrust,
                        "Not creating a role that trusts the organization '" + account + "': every account in it could read your CloudTrail data. Name each trusted account's 12-digit ID.");
                }

                if (!Arn.IsAccountId(account))
                {
                    throw new InvalidInputException("'" + raw + "' is not an AWS account ID: give exactly 12 digits (not an ARN, alias or name).", "TrustedAccountId");
                }

                if (!result.Contains(account))
                {
                    result.Add(account);
                }
            }

            if (result.Count == 0)
            {
                throw new InvalidInputException("Name at least one trusted account ID (12 digits).", "TrustedAccountId");
            }

            return result;
        }
    }
}
