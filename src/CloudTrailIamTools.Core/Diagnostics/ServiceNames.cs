using System;
using System.Collections.Generic;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>Maps the service names SDKs and tools print (Go's service ID, Java's service name, Terraform's words) to IAM service prefixes.</summary>
    internal static class ServiceNames
    {
        private static readonly Dictionary<string, string> Prefixes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["identitymanagement"] = "iam",
            ["securitytokenservice"] = "sts",
            ["cloudwatchlogs"] = "logs",
            ["simplenotificationservice"] = "sns",
            ["simplequeueservice"] = "sqs",
            ["simplesystemsmanagement"] = "ssm",
            ["eventbridge"] = "events",
            ["cloudwatchevents"] = "events",
            ["elasticloadbalancingv2"] = "elasticloadbalancing",
            ["route53"] = "route53",
            ["apigateway"] = "apigateway",
            ["cognitoidentityprovider"] = "cognito-idp",
            ["cognitoidentity"] = "cognito-identity",
            ["secretsmanager"] = "secretsmanager",
            ["dynamodb"] = "dynamodb",
            ["organizations"] = "organizations",
            ["sso"] = "sso",
            ["ssooidc"] = "sso-oauth",
        };

        /// <summary>"CloudTrail" -> cloudtrail, "AWSCloudTrail" -> cloudtrail, "Amazon S3" -> s3, "CloudWatch Logs" -> logs, "AmazonIdentityManagement" -> iam.</summary>
        public static string ToPrefix(string name)
        {
            var letters = new System.Text.StringBuilder(name.Length);
            foreach (char c in name)
            {
                if (char.IsLetterOrDigit(c))
                {
                    letters.Append(char.ToLowerInvariant(c));
                }
            }

            string key = letters.ToString();
            if (key.StartsWith("amazon", StringComparison.Ordinal) && key.Length > 6)
            {
                key = key.Substring(6);
            }
            else if (key.StartsWith("aws", StringComparison.Ordinal) && key.Length > 3)
            {
                key = key.Substring(3);
            }

            return Prefixes.TryGetValue(key, out string? prefix) ? prefix : key;
        }
    }
}
