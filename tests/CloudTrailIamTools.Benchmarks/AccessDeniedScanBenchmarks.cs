using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CloudTrailIamTools.Core.AccessDenied;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>
    /// Target (issue 8): over gzip CloudTrail logs, Scan runs at least 5x faster than `zcat | jq` selecting the denied
    /// records (ZcatJq) and takes at most 1.5x the time of `gzip -dc` alone (GzipDecompress, the baseline) on the same
    /// files. Read the Ratio column: Scan &lt;= 1.50, ZcatJq / Scan &gt;= 5. The set-up writes its own logs: realistic
    /// 1-2 KB management events (about 3% denials) in the AWSLogs layout, ~60 MB uncompressed in 48 files, gzip
    /// level 6 as CloudTrail delivers them. Run: dotnet run -c Release --project tests/CloudTrailIamTools.Benchmarks
    /// -- --filter '*AccessDeniedScan*'
    /// </summary>
    [SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 7)]
    [MemoryDiagnoser]
    public class AccessDeniedScanBenchmarks
    {
        public const int Files = 48;
        public const int RecordsPerFile = 900;

        private static readonly string JqDenied =
            ".Records[] | select(.errorCode | IN(" + string.Join(", ", Core.Diagnostics.KnownErrorCodes.AuthorizationCodeList.Select(c => JsonSerializer.Serialize(c))) + "))";

        private string root = string.Empty;
        private string[] files = Array.Empty<string>();

        public long UncompressedBytes { get; private set; }

        [GlobalSetup]
        public void Setup()
        {
            root = Path.Combine(Path.GetTempPath(), "ctit-bench-denied");
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }

            var random = new Random(20261121);
            var start = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
            var list = new List<string>();
            for (int f = 0; f < Files; f++)
            {
                string account = f % 3 == 0 ? "222233334444" : "111122223333";
                string region = f % 2 == 0 ? "us-east-1" : "eu-west-1";
                DateTimeOffset time = start.AddMinutes(f * 30);
                string folder = Path.Combine(root, "AWSLogs", "o-abc123def4", account, "CloudTrail", region, time.ToString("yyyy/MM/dd", CultureInfo.InvariantCulture));
                Directory.CreateDirectory(folder);
                string path = Path.Combine(folder, account + "_CloudTrail_" + region + "_" + time.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture) + "_" + f.ToString("x8", CultureInfo.InvariantCulture) + ".json.gz");
                var json = new StringBuilder("{\"Records\":[");
                for (int r = 0; r < RecordsPerFile; r++)
                {
                    if (r > 0)
                    {
                        json.Append(',');
                    }

                    json.Append(RealisticEvent(random, account, region, time.AddSeconds(r)));
                }

                json.Append("]}");
                byte[] bytes = Encoding.UTF8.GetBytes(json.ToString());
                UncompressedBytes += bytes.Length;
                using (var file = File.Create(path))
                using (var gzip = new GZipStream(file, CompressionLevel.Optimal))
                {
                    gzip.Write(bytes, 0, bytes.Length);
                }

                list.Add(path);
            }

            files = list.ToArray();
            long scanned = Scan();
            long selectedByJq = long.Parse(ShellOutput("gzip -dc \"$@\" | jq -c '" + JqDenied + "' | wc -l").Trim(), CultureInfo.InvariantCulture);
            if (scanned != selectedByJq)
            {
                throw new InvalidOperationException("The scan found " + scanned + " denials but jq selected " + selectedByJq + ": the comparison would be unfair.");
            }

            Console.WriteLine("// " + scanned + " denials (jq agrees)");
            Console.WriteLine("// " + files.Length + " files, " + (UncompressedBytes / (1024 * 1024)) + " MB uncompressed, " +
                (files.Sum(p => new FileInfo(p).Length) / 1024) + " KB compressed");
        }

        [GlobalCleanup]
        public void Cleanup() => Directory.Delete(root, recursive: true);

        [Benchmark(Baseline = true)]
        public int GzipDecompress() => Shell("gzip -dc \"$@\" > /dev/null");

        [Benchmark]
        public int ZcatJq() => Shell("gzip -dc \"$@\" | jq -c '" + JqDenied + "' > /dev/null");

        [Benchmark]
        public long Scan()
        {
            var scanner = new AccessDeniedScanner();
            var groups = new AccessDeniedAggregator();
            foreach (AccessDeniedScanItem item in scanner.ScanPaths(new[] { root }))
            {
                groups.Add(item.Event ?? throw new InvalidOperationException(item.Problem!.ToString()));
            }

            return groups.EventCount;
        }

        /// <summary>The scan on one core: the work per byte, without the parallelism.</summary>
        [Benchmark]
        public long ScanOneCore()
        {
            var scanner = new AccessDeniedScanner { MaxParallelism = 1 };
            long count = 0;
            foreach (AccessDeniedScanItem item in scanner.ScanPaths(new[] { root }))
            {
                count += item.Event is null ? 0 : 1;
            }

            return count;
        }

        /// <summary>In-process gzip decompression alone on one core: the floor under ScanOneCore.</summary>
        [Benchmark]
        public long DecompressOneCore()
        {
            byte[] buffer = new byte[256 * 1024];
            long total = 0;
            foreach (string file in files)
            {
                using var stream = new GZipStream(File.OpenRead(file), CompressionMode.Decompress);
                int read;
                while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
                {
                    total += read;
                }
            }

            return total;
        }

        private byte[][] plain = Array.Empty<byte[]>();

        private byte[][] denials = Array.Empty<byte[]>();

        [GlobalSetup(Target = nameof(DiagnoseDenialsOneCore))]
        public void SetupDenials()
        {
            SetupPlain();
            var list = new List<byte[]>();
            foreach (byte[] bytes in plain)
            {
                using var document = JsonDocument.Parse(bytes);
                foreach (JsonElement record in document.RootElement.GetProperty("Records").EnumerateArray())
                {
                    if (record.TryGetProperty("errorCode", out JsonElement code) && AccessDeniedScanner.IsAuthorizationErrorCode(code.GetString()))
                    {
                        list.Add(Encoding.UTF8.GetBytes(record.GetRawText()));
                    }
                }
            }

            denials = list.ToArray();
            Console.WriteLine("// " + denials.Length + " denials");
        }

        /// <summary>Parsing and diagnosing only the denied records (what the scan adds on top of reading).</summary>
        [Benchmark]
        public int DiagnoseDenialsOneCore()
        {
            int recognized = 0;
            foreach (byte[] record in denials)
            {
                using var document = JsonDocument.Parse(record);
                recognized += Core.Diagnostics.AccessErrorResolver.Default.ResolveJson(document.RootElement, "x")[0].Recognized ? 1 : 0;
            }

            return recognized;
        }

        [GlobalSetup(Target = nameof(TokenizeOneCore))]
        public void SetupPlain()
        {
            Setup();
            plain = files.Select(f =>
            {
                using var stream = new GZipStream(File.OpenRead(f), CompressionMode.Decompress);
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                return memory.ToArray();
            }).ToArray();
        }

        /// <summary>Utf8JsonReader over the decompressed bytes, token by token: the floor of the JSON side.</summary>
        [Benchmark]
        public long TokenizeOneCore()
        {
            long tokens = 0;
            foreach (byte[] bytes in plain)
            {
                var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { MaxDepth = 256 });
                while (reader.Read())
                {
                    tokens++;
                }
            }

            return tokens;
        }

        private int Shell(string script)
        {
            using Process process = StartShell(script, redirect: false);
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException("'" + script + "' failed with exit code " + process.ExitCode);
            }

            return process.ExitCode;
        }

        private string ShellOutput(string script)
        {
            using Process process = StartShell(script, redirect: true);
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output;
        }

        private Process StartShell(string script, bool redirect)
        {
            var start = new ProcessStartInfo("/bin/bash") { UseShellExecute = false, RedirectStandardOutput = redirect };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("set -o pipefail; " + script);
            start.ArgumentList.Add("sh");
            foreach (string file in files)
            {
                start.ArgumentList.Add(file);
            }

            return Process.Start(start)!;
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
                    json.WriteString("requestId", Guid.NewGuid().ToString());
                    json.WriteString("nextToken", Hex(random, 64));
                    json.WriteEndObject();
                }
                else
                {
                    json.WriteNull("responseElements");
                }

                json.WriteString("requestID", Guid.NewGuid().ToString());
                json.WriteString("eventID", Guid.NewGuid().ToString());
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
