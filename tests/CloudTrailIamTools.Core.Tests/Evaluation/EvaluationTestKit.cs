using System;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>Short ways to write policies and run requests in tests.</summary>
    internal static class Kit
    {
        public const string Account = "111122223333";
        public const string OtherAccount = "444455556666";
        public const string User = "arn:aws:iam::111122223333:user/alice";
        public const string Role = "arn:aws:iam::111122223333:role/Admin";
        public const string Session = "arn:aws:sts::111122223333:assumed-role/Admin/alice";
        public const string Trail = "arn:aws:cloudtrail:us-east-1:111122223333:trail/Main";
        public const string Bucket = "arn:aws:s3:::logs-bucket";

        public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

        public static readonly EvaluationOptions Options = new EvaluationOptions { Clock = () => Now };

        /// <summary>A 2012-10-17 document from statement JSON fragments.</summary>
        public static PolicyDocument Policy(params string[] statements) =>
            PolicyDocument.Parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + string.Join(",", statements) + "]}");

        public static string Allow(string action = "*", string resource = "*", string? extra = null) => Statement("Allow", action, resource, extra);

        public static string Deny(string action = "*", string resource = "*", string? extra = null) => Statement("Deny", action, resource, extra);

        /// <summary>A resource-side statement with a Principal element (raw JSON value).</summary>
        public static string AllowPrincipal(string principalJson, string action = "*", string resource = "*", string? extra = null) =>
            Allow(action, resource, "\"Principal\":" + principalJson + (extra is null ? string.Empty : "," + extra));

        public static string DenyPrincipal(string principalJson, string action = "*", string resource = "*", string? extra = null) =>
            Deny(action, resource, "\"Principal\":" + principalJson + (extra is null ? string.Empty : "," + extra));

        public static string Statement(string effect, string action, string resource, string? extra)
        {
            string json = "{\"Effect\":\"" + effect + "\",\"Action\":\"" + action + "\"";
            if (resource.Length > 0)
            {
                json += ",\"Resource\":\"" + resource + "\"";
            }

            return json + (extra is null ? string.Empty : "," + extra) + "}";
        }

        public static EvaluationResult Run(EvaluationRequest request) => PolicyEvaluator.Evaluate(request, Options);

        /// <summary>Runs a request written in the JSON contract.</summary>
        public static EvaluationResult RunJson(string requestJson) => PolicyEvaluator.Evaluate(new EvaluationRequestReader().Parse(requestJson), Options);
    }
}
