using System.Globalization;
using System.Text;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>
    /// The diverse batch shape of issue 17: about 340 distinct request lines, each carrying its own policies
    /// (no two lines share a policy text) over S3, KMS, IAM, STS, EC2 and CloudTrail, with resource policies,
    /// boundaries, SCPs and contexts mixed in. Deterministic, so before and after figures compare.
    /// </summary>
    internal static class DiverseRequests
    {
        public const int Distinct = 340;

        private static readonly string[] Principals =
        {
            "arn:aws:iam::111122223333:user/alice", "arn:aws:sts::111122223333:assumed-role/Deploy/build-{0}",
            "arn:aws:iam::111122223333:role/Auditor", "arn:aws:iam::444455556666:user/carol",
            "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/mateo", "arn:aws:iam::111122223333:root",
        };

        /// <summary>One batch of <see cref="Distinct"/> lines, each ending in a newline.</summary>
        public static string Batch()
        {
            var builder = new StringBuilder(Distinct * 2000);
            for (int i = 0; i < Distinct; i++)
            {
                AppendLine(builder, i);
            }

            return builder.ToString();
        }

        /// <summary>The batch repeated <paramref name="times"/> times, as `test-permission --requests -` reads it.</summary>
        public static string Repeated(int times)
        {
            string batch = Batch();
            var builder = new StringBuilder(batch.Length * times);
            for (int i = 0; i < times; i++)
            {
                builder.Append(batch);
            }

            return builder.ToString();
        }

        private static void AppendLine(StringBuilder b, int i)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            string principal = string.Format(CultureInfo.InvariantCulture, Principals[i % Principals.Length], n);
            string region = (i % 3) switch { 0 => "us-east-1", 1 => "eu-west-1", _ => "ap-southeast-2" };
            string action;
            string resource;
            string? resourcePolicy = null;
            string identity;
            switch (i % 6)
            {
                case 0:
                    action = (i % 12 == 0) ? "s3:GetObject" : "s3:PutObject";
                    resource = "arn:aws:s3:::data-" + n + "/reports/" + n + ".csv";
                    identity = Policy(
                        Statement("Read" + n, "Allow", "[\"s3:GetObject\",\"s3:ListBucket\"]", "[\"arn:aws:s3:::data-" + n + "\",\"arn:aws:s3:::data-" + n + "/*\"]", null),
                        Statement("Write" + n, "Allow", "\"s3:PutObject\"", "\"arn:aws:s3:::data-" + n + "/reports/*\"", "{\"StringEquals\":{\"s3:x-amz-server-side-encryption\":\"aws:kms\"}}"),
                        Statement("DenyOthers" + n, "Deny", "\"s3:*\"", "\"*\"", "{\"Bool\":{\"aws:SecureTransport\":\"false\"}}"));
                    resourcePolicy = Policy(
                        "{\"Sid\":\"Account" + n + "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"s3:*\",\"Resource\":[\"arn:aws:s3:::data-" + n + "\",\"arn:aws:s3:::data-" + n + "/*\"]}",
                        "{\"Sid\":\"Partner" + n + "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:user/carol\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::data-" + n + "/*\"}");
                    break;
                case 1:
                    action = (i % 4 == 1) ? "kms:Decrypt" : "kms:GenerateDataKey";
                    resource = "arn:aws:kms:" + region + ":111122223333:key/" + n.PadLeft(8, '0') + "-1234-1234-1234-123456789012";
                    identity = Policy(
                        Statement("UseKey" + n, "Allow", "[\"kms:Decrypt\",\"kms:GenerateDataKey*\",\"kms:DescribeKey\"]", "\"arn:aws:kms:*:111122223333:key/*\"", "{\"StringEquals\":{\"kms:ViaService\":\"s3." + region + ".amazonaws.com\"}}"),
                        Statement("List" + n, "Allow", "[\"kms:ListKeys\",\"kms:ListAliases\"]", "\"*\"", null));
                    resourcePolicy = Policy(
                        "{\"Sid\":\"Enable IAM User Permissions\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"kms:*\",\"Resource\":\"*\"}",
                        "{\"Sid\":\"KeyUser" + n + "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:role/Deploy\"},\"Action\":[\"kms:Decrypt\",\"kms:GenerateDataKey*\"],\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"kms:CallerAccount\":\"111122223333\"}}}");
                    break;
                case 2:
                    action = (i % 4 == 2) ? "iam:PassRole" : "iam:AttachRolePolicy";
                    resource = "arn:aws:iam::111122223333:role/service/app-" + n;
                    identity = Policy(
                        Statement("Pass" + n, "Allow", "\"iam:PassRole\"", "\"arn:aws:iam::111122223333:role/service/*\"", "{\"StringEquals\":{\"iam:PassedToService\":[\"ec2.amazonaws.com\",\"lambda.amazonaws.com\"]}}"),
                        Statement("Manage" + n, "Allow", "[\"iam:AttachRolePolicy\",\"iam:DetachRolePolicy\"]", "\"arn:aws:iam::111122223333:role/service/app-*\"", "{\"ArnLike\":{\"iam:PolicyARN\":\"arn:aws:iam::111122223333:policy/app-" + n + "-*\"}}"),
                        Statement("NoAdmin" + n, "Deny", "\"iam:*\"", "\"arn:aws:iam::*:role/Admin*\"", null));
                    break;
                case 3:
                    action = "sts:AssumeRole";
                    resource = "arn:aws:iam::111122223333:role/Deploy-" + n;
                    identity = Policy(Statement("Assume" + n, "Allow", "\"sts:AssumeRole\"", "\"arn:aws:iam::111122223333:role/Deploy-*\"", null));
                    resourcePolicy = Policy(
                        "{\"Sid\":\"Trust" + n + "\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":[\"arn:aws:iam::111122223333:user/alice\",\"arn:aws:iam::111122223333:role/Auditor\"]},\"Action\":\"sts:AssumeRole\",\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"ext-" + n + "\"}}}");
                    break;
                case 4:
                    action = (i % 8 == 4) ? "ec2:RunInstances" : "ec2:TerminateInstances";
                    resource = "arn:aws:ec2:" + region + ":111122223333:instance/i-" + n.PadLeft(17, '0');
                    identity = Policy(
                        Statement("Run" + n, "Allow", "[\"ec2:RunInstances\",\"ec2:TerminateInstances\",\"ec2:Describe*\"]", "\"*\"", "{\"StringEquals\":{\"aws:RequestedRegion\":\"" + region + "\"},\"StringLike\":{\"ec2:ResourceTag/team\":\"team-" + (i % 7) + "*\"}}"),
                        Statement("NoProd" + n, "Deny", "\"ec2:TerminateInstances\"", "\"*\"", "{\"StringEquals\":{\"ec2:ResourceTag/env\":\"prod\"}}"));
                    break;
                default:
                    action = (i % 12 == 5) ? "cloudtrail:StopLogging" : "cloudtrail:GetTrailStatus";
                    resource = "arn:aws:cloudtrail:" + region + ":111122223333:trail/trail-" + n;
                    identity = Policy(
                        Statement("Read" + n, "Allow", "[\"cloudtrail:Get*\",\"cloudtrail:Describe*\",\"cloudtrail:LookupEvents\"]", "\"*\"", null),
                        Statement("Stop" + n, "Allow", "\"cloudtrail:StopLogging\"", "\"arn:aws:cloudtrail:*:111122223333:trail/trail-" + n + "\"", "{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}"));
                    break;
            }

            b.Append("{\"Action\":\"").Append(action).Append("\",\"Resource\":\"").Append(resource)
                .Append("\",\"Principal\":\"").Append(principal).Append('"');
            b.Append(",\"Context\":{\"aws:SourceIp\":\"203.0.113.").Append(i % 250).Append("\",\"aws:RequestedRegion\":\"").Append(region)
                .Append("\",\"aws:SecureTransport\":\"true\",\"iam:PassedToService\":\"ec2.amazonaws.com\",\"ec2:ResourceTag/team\":\"team-").Append(i % 7)
                .Append("\",\"s3:x-amz-server-side-encryption\":\"aws:kms\",\"kms:ViaService\":\"s3.").Append(region).Append(".amazonaws.com\",\"sts:ExternalId\":\"ext-").Append(n).Append("\"}");
            b.Append(",\"IdentityPolicies\":[").Append(identity).Append(']');
            if (resourcePolicy is not null)
            {
                b.Append(",\"ResourcePolicy\":").Append(resourcePolicy);
            }

            if (i % 3 == 0)
            {
                b.Append(",\"PermissionsBoundary\":").Append(Policy(
                    Statement("Boundary" + n, "Allow", "[\"s3:*\",\"kms:*\",\"iam:*\",\"sts:*\",\"ec2:*\",\"cloudtrail:*\"]", "\"*\"", null)));
            }

            if (i % 2 == 0)
            {
                b.Append(",\"ServiceControlPolicies\":[[").Append(Policy(
                    Statement("FullAWSAccess", "Allow", "\"*\"", "\"*\"", null),
                    Statement("Regions" + n, "Deny", "\"*\"", "\"*\"", "{\"StringNotEquals\":{\"aws:RequestedRegion\":[\"us-east-1\",\"eu-west-1\",\"ap-southeast-2\"]},\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:role/OrgAdmin\"}}")))
                    .Append("]]");
            }

            b.Append("}\n");
        }

        private static string Policy(params string[] statements) => "{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", statements) + "]}";

        private static string Statement(string sid, string effect, string actionJson, string resourceJson, string? conditionJson) =>
            "{\"Sid\":\"" + sid + "\",\"Effect\":\"" + effect + "\",\"Action\":" + actionJson + ",\"Resource\":" + resourceJson +
            (conditionJson is null ? string.Empty : ",\"Condition\":" + conditionJson) + "}";
    }
}
