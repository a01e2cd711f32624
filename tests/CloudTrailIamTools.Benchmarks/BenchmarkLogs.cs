using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>
    /// Writes realistic gzip CloudTrail logs (1-2 KB management events, about 3% denials, AWSLogs layout, gzip level 6
    /// as CloudTrail delivers them). The same seed always gives the same records, so every run compares like with like.
    /// </summary>
    internal static class BenchmarkLogs
    {
        public static (string[] Files, long UncompressedBytes) Generate(string root, int fileCount, int recordsPerFile)
        {
            var random = new Random(20261121);
            var start = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
            var list = new List<string>();
            long uncompressed = 0;
            for (int f = 0; f < fileCount; f++)
            {
                string account = f % 3 == 0 ? "222233334444" : "111122223333";
                string region = f % 2 == 0 ? "us-east-1" : "eu-west-1";
                DateTimeOffset time = start.AddMinutes(f * 30);
                string folder = Path.Combine(root, "AWSLogs", "o-abc123def4", account, "CloudTrail", region, time.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture));
                Directory.CreateDirectory(folder);
                string path = Path.Combine(folder, account + "_CloudTrail_" + region + "_" + time.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture) + "_" + f.ToString("x8", CultureInfo.InvariantCulture) + ".json.gz");
                var json = new StringBuilder("{\"Records\":[");
                for (int r = 0; r < recordsPerFile; r++)
                {
                    if (r > 0)
                    {
                        json.Append(',');
                    }

                    json.Append(RealisticEvent(random, account, region, time.AddSeconds(r)));
                }

                json.Append("]}");
                byte[] bytes = Encoding.UTF8.GetBytes(json.ToString());
                uncompressed += bytes.Length;
                using (var file = File.Create(path))
                using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
                {
                    gzip.Write(bytes, 0, bytes.Length);
                }

                list.Add(path);
            }

            return (list.ToArray(), uncompressed);
        }

        private static readonly string[] Users = Enumerable.Range(0, 40).Select(i => "arn:aws:iam::{0}:user/team" + (i % 5) + "/user" + i).ToArray();
        private static readonly string[] Roles = { "Admin", "Deployer", "Auditor", "LambdaExec", "EcsTask", "Readonly", "Ci" };

        private static readonly (string Source, string Name, bool ReadOnly)[] Calls =
        {
            ("ec2.amazonaws.com", "DescribeInstances", true), ("ec2.amazonaws.com", "RunInstances", false), ("s3.amazonaws.com", "GetBucketAcl", true),
            ("s3.amazonaws.com", "ListBuckets", true), ("iam.amazonaws.com", "GetRole", true), ("iam.amazonaws.com", "PassRole", false),
            ("sts.amazonaws.com", "AssumeRole", true), ("cloudtrail.amazonaws.com", "DescribeTrails", true), ("cloudtrail.amazonaws.com", "GetTrailStatus", true),
            ("kms.amazonaws.com", "Decrypt", true), ("lambda.amazonaws.com", "ListFunctions20150331", true), ("monitoring.amazonaws.com", "PutMetricData", false),
            ("logs.amazonaws.com", "CreateLogStream", false), ("ssm.amazonaws.com", "GetParameter", true), ("dynamodb.amazonaws.com", "DescribeTable", true),
        };

        /// <summary>One management event as CloudTrail writes it (1-2 KB): identity with session context, TLS details, IDs.</summary>
        private static string RealisticEvent(Random random, string account, string region, DateTimeOffset time)
        {
            var call = Calls[random.Next(Calls.Length)];
            bool role = random.Next(3) > 0;
            string principal = role
                ? "arn:aws:sts::" + account + ":assumed-role/" + Roles[random.Next(Roles.Length)] + "/session-" + random.Next(1000)
                : string.Format(CultureInfo.InvariantCulture, Users[random.Next(Users.Length)], account);
            double roll = random.NextDouble();
            string? errorCode = roll < 0.03 ? (call.Source == "ec2.amazonaws.com" ? "Client.UnauthorizedOperation" : call.Source == "s3.amazonaws.com" ? "AccessDenied" : "AccessDeniedException")
                : roll < 0.05 ? "ThrottlingException" : null;
            // As in real logs, a few event names are not the IAM action (Lambda's versioned API names, monitoring = cloudwatch).
            string action = call.Source == "monitoring.amazonaws.com" ? "cloudwatch:" + call.Name
                : call.Source.Split('.')[0] + ":" + call.Name.Replace("20150331", string.Empty);

            using var stream = new MemoryStream();
            using (var json = new Utf8JsonWriter(stream))
            {
                json.WriteStartObject();
                json.WriteString("eventVersion", "1.09");
                json.WriteStartObject("userIdentity");
                json.WriteString("type", role ? "AssumedRole" : "IAMUser");
                json.WriteString("principalId", "AROA" + Hex(random, 16) + (role ? ":session" : string.Empty));
                json.WriteString("arn", principal);
                json.WriteString("accountId", account);
                json.WriteString("accessKeyId", "ASIA" + Hex(random, 16));
                if (role)
                {
                    json.WriteStartObject("sessionContext");
                    json.WriteStartObject("sessionIssuer");
                    json.WriteString("type", "Role");
                    json.WriteString("principalId", "AROA" + Hex(random, 16));
                    json.WriteString("arn", "arn:aws:iam::" + account + ":role/" + principal.Split('/')[1]);
                    json.WriteString("accountId", account);
                    json.WriteString("userName", principal.Split('/')[1]);
                    json.WriteEndObject();
                    json.WriteStartObject("attributes");
                    json.WriteString("creationDate", time.AddMinutes(-random.Next(600)).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                    json.WriteString("mfaAuthenticated", "false");
                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndObject();
                json.WriteString("eventTime", time.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                json.WriteString("eventSource", call.Source);
                json.WriteString("eventName", call.Name);
                json.WriteString("awsRegion", region);
                json.WriteString("sourceIPAddress", random.Next(2) == 0 ? "203.0.113." + random.Next(256) : "AWS Internal");
                json.WriteString("userAgent", random.Next(2) == 0 ? "aws-cli/2.15." + random.Next(40) + " Python/3.11.6 Linux/6.1.0 exe/x86_64.amzn.2 prompt/off command/" + call.Name.ToLowerInvariant() : "Boto3/1.34." + random.Next(100) + " md/Botocore#1.34.1 ua/2.0 os/linux#6.1 md/arch#x86_64 lang/python#3.12.1 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.1");
                if (errorCode is not null)
                {
                    json.WriteString("errorCode", errorCode);
                    // Each service words its denials its own way: S3 says only "Access Denied", EC2 gives no details.
                    json.WriteString("errorMessage", errorCode == "ThrottlingException" ? "Rate exceeded"
                        : call.Source == "s3.amazonaws.com" ? "Access Denied"
                        : call.Source == "ec2.amazonaws.com" ? "You are not authorized to perform this operation."
                        : "User: " + principal + " is not authorized to perform: " + action + " on resource: arn:aws:" + call.Source.Split('.')[0] + ":" + region + ":" + account + ":thing/" + random.Next(50) + " because no identity-based policy allows the " + action + " action");
                }

                json.WriteStartObject("requestParameters");
                json.WriteString("resourceName", "thing-" + random.Next(50));
                json.WriteNumber("maxResults", 50);
                json.WriteStartArray("filterSet");
                for (int i = random.Next(4); i > 0; i--)
                {
                    json.WriteStartObject();
                    json.WriteString("name", "tag:Environment");
                    json.WriteStartArray("valueSet");
                    json.WriteStringValue(random.Next(2) == 0 ? "prod" : "dev");
                    json.WriteEndArray();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
                if (errorCode is null && random.Next(3) == 0)
                {
                    json.WriteStartObject("responseElements");
                    json.WriteString("requestId", SeededGuid(random));
                    json.WriteString("nextToken", Hex(random, 64));
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteNull("responseElements");
                }

                json.WriteString("requestID", SeededGuid(random));
                json.WriteString("eventID", SeededGuid(random));
                json.WriteBoolean("readOnly", call.ReadOnly);
                json.WriteStartArray("resources");
                json.WriteStartObject();
                json.WriteString("accountId", account);
                json.WriteString("type", "AWS::" + call.Source.Split('.')[0].ToUpperInvariant() + "::Thing");
                json.WriteString("ARN", "arn:aws:" + call.Source.Split('.')[0] + ":" + region + ":" + account + ":thing/" + random.Next(50));
                json.WriteEndObject();
                json.WriteEndArray();
                json.WriteString("eventType", "AwsApiCall");
                json.WriteBoolean("managementEvent", true);
                json.WriteString("recipientAccountId", account);
                json.WriteString("eventCategory", "Management");
                json.WriteStartObject("tlsDetails");
                json.WriteString("tlsVersion", "TLSv1.3");
                json.WriteString("cipherSuite", "TLS_AES_128_GCM_SHA256");
                json.WriteString("clientProvidedHostHeader", call.Source.Replace("amazonaws.com", region + ".amazonaws.com"));
                json.WriteEndObject();
                json.WriteString("sessionCredentialFromConsole", "false");
                json.WriteEndObject();
            }

            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private static string SeededGuid(Random random)
        {
            var bytes = new byte[16];
            random.NextBytes(bytes);
            return new Guid(bytes).ToString();
        }

        private static string Hex(Random random, int length)
        {
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = "0123456789ABCDEF"[random.Next(16)];
            }

            return new string(chars);
        }
    }
}
