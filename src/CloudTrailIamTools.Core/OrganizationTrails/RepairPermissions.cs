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

        /// <summary>Everything the repair may call, reads first; the last four only for -DelegatedAdministratorAccountId.</summary>
        public static IReadOnlyList<string> All { get; } = new[]
        {
            "organizations:DescribeOrganization",
            "organizations:ListAWSServiceAccessForOrganization",
            "iam:ListRoles",
            "iam:GetRole",
            "organizations:EnableAWSServiceAccess",
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
                case "EnableAWSServiceAccess": return new[] { "organizations:EnableAWSServiceAccess" };
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
        /// limited to CloudTrail's role with the iam:AWSServiceName condition. Null when there are no actions.
        /// </summary>
        public static string? PolicyFor(IEnumerable<string> actions)
        {
            var distinct = (actions ?? throw new ArgumentNullException(nameof(actions)))
                .Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (distinct.Count == 0)
            {
                return null;
            }

            // Keep the order of All so the same set always gives the same document.
            distinct.Sort((a, b) => Rank(a) != Rank(b) ? Rank(a).CompareTo(Rank(b)) : string.CompareOrdinal(a, b));
            var plain = distinct.Where(a => !string.Equals(a, CreateServiceLinkedRole, StringComparison.OrdinalIgnoreCase)).ToList();
            bool serviceLinkedRole = plain.Count != distinct.Count;

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

                if (serviceLinkedRole)
                {
                    writer.WriteStartObject();
                    writer.WriteString("Sid", "CreateCloudTrailServiceLinkedRole");
                    writer.WriteString("Effect", "Allow");
                    writer.WriteString("Action", CreateServiceLinkedRole);
                    writer.WriteString("Resource", "arn:aws:iam::*:role/aws-service-role/cloudtrail.amazonaws.com/*");
                    writer.WriteStartObject("Condition");
                    writer.WriteStartObject("StringEquals");
                    writer.WriteString("iam:AWSServiceName", OrganizationTrailRepairRunner.CloudTrailServicePrincipal);
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
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
