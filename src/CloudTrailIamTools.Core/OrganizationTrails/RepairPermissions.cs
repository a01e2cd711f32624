using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

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

        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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

            using var buffer = new MemoryStream(512);
            using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
            {
                writer.WriteStartObject();
                writer.WriteString("Version", "2012-10-17");
                writer.WriteStartArray("Statement");
                if (plain.Count > 0)
                {
                    writer.WriteStartObject();
                    writer.WriteString("Sid", "OrganizationTrailPrerequisites");
                    writer.WriteString("Effect", "Allow");
                    WriteActions(writer, plain);
                    writer.WriteString("Resource", "*");
                    writer.WriteEndObject();
                }

                if (trustedAccess)
                {
                    // Trusted access for CloudTrail only, not for every service in the organization.
                    WriteLimitedStatement(writer, "EnableCloudTrailTrustedAccess", EnableAwsServiceAccess, "*", "organizations:ServicePrincipal");
                }

                if (serviceLinkedRole)
                {
                    WriteLimitedStatement(writer, "CreateCloudTrailServiceLinkedRole", CreateServiceLinkedRole,
                        "arn:" + partition + ":iam::*:role/aws-service-role/cloudtrail.amazonaws.com/*", "iam:AWSServiceName");
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        /// <summary>One action on one resource, allowed only when <paramref name="conditionKey"/> equals CloudTrail's service principal.</summary>
        private static void WriteLimitedStatement(Utf8JsonWriter writer, string sid, string action, string resource, string conditionKey)
        {
            writer.WriteStartObject();
            writer.WriteString("Sid", sid);
            writer.WriteString("Effect", "Allow");
            writer.WriteString("Action", action);
            writer.WriteString("Resource", resource);
            writer.WriteStartObject("Condition");
            writer.WriteStartObject("StringEquals");
            writer.WriteString(conditionKey, OrganizationTrailRepairRunner.CloudTrailServicePrincipal);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        private static void WriteActions(Utf8JsonWriter writer, IReadOnlyList<string> actions)
        {
            if (actions.Count == 1)
            {
                writer.WriteString("Action", actions[0]);
                return;
            }

            writer.WriteStartArray("Action");
            foreach (string action in actions)
            {
                writer.WriteStringValue(action);
            }

            writer.WriteEndArray();
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
