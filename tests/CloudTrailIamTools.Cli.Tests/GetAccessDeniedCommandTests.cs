using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace CloudTrailIamTools.Cli.Tests
{
    public sealed class GetAccessDeniedCommandTests : IDisposable
    {
        private const string Alice = "arn:aws:iam::111122223333:user/alice";
        private const string Bob = "arn:aws:iam::111122223333:user/bob";

        private readonly string root = Path.Combine(Path.GetTempPath(), "ctit-cli-denied-" + Guid.NewGuid().ToString("N"));

        public GetAccessDeniedCommandTests()
        {
            Directory.CreateDirectory(root);
        }

        public void Dispose() => Directory.Delete(root, recursive: true);

        private static string Record(string principal, string action, string time, string? code) =>
            "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"" + principal + "\",\"accountId\":\"111122223333\"}," +
            "\"eventTime\":\"" + time + "\",\"eventSource\":\"" + action.Split(':')[0] + ".amazonaws.com\",\"eventName\":\"" + action.Split(':')[1] + "\"," +
            "\"awsRegion\":\"us-east-1\",\"requestParameters\":{\"name\":\"main\"}" +
            (code is null ? string.Empty : ",\"errorCode\":\"" + code + "\",\"errorMessage\":\"User: " + principal + " is not authorized to perform: " + action + " on resource: arn:aws:cloudtrail:us-east-1:111122223333:trail/main\"") +
            ",\"eventID\":\"" + Guid.NewGuid() + "\",\"recipientAccountId\":\"111122223333\"}";

        private static string Log(params string[] records) => "{\"Records\":[" + string.Join(",", records) + "]}";

        private string Write(string relative, string content, bool gzip)
        {
            string path = Path.Combine(root, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            byte[] bytes = Encoding.UTF8.GetBytes(content);
            if (gzip)
            {
                using var file = File.Create(path);
                using var stream = new GZipStream(file, CompressionLevel.Fastest);
                stream.Write(bytes, 0, bytes.Length);
            }
            else
            {
                File.WriteAllBytes(path, bytes);
            }

            return path;
        }

        private void PlantLogs()
        {
            Write("AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/20/a.json.gz", Log(
                Record(Alice, "cloudtrail:GetTrailStatus", "2026-11-20T10:00:00Z", "AccessDenied"),
                Record(Bob, "cloudtrail:GetTrailStatus", "2026-11-20T10:05:00Z", null),
                Record(Alice, "cloudtrail:GetTrailStatus", "2026-11-20T12:00:00Z", "AccessDenied"),
                Record(Bob, "s3:GetObject", "2026-11-20T13:00:00Z", "AccessDenied"),
                Record(Bob, "s3:GetObject", "2026-11-20T13:30:00Z", "NoSuchKey")), gzip: true);
            Write("AWSLogs/o-abc123def4/111122223333/CloudTrail/eu-west-1/2026/11/19/b.json", Log(
                Record(Alice, "cloudtrail:GetTrailStatus", "2026-11-19T09:00:00Z", "AccessDenied")), gzip: false);
        }

        private static JsonElement[] Lines(CliResult result) => result.OutputLines.Select(line => JsonDocument.Parse(line).RootElement).ToArray();

        [Fact]
        public void JsonLinesHaveOneGroupPerLineWithTheCmdletPropertyNames()
        {
            PlantLogs();

            var result = CliRunner.Run(null, "get-access-denied", "--path", root, "--json");

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(string.Empty, result.Error);
            JsonElement[] groups = Lines(result);
            Assert.Equal(2, groups.Length);
            foreach (string property in new[] { "PrincipalArn", "Action", "Count", "FirstSeen", "LastSeen", "Resource", "ErrorCode", "Diagnosis" })
            {
                Assert.True(groups[0].TryGetProperty(property, out _), "missing " + property);
            }

            Assert.Equal(Alice, groups[0].GetProperty("PrincipalArn").GetString());
            Assert.Equal("cloudtrail:GetTrailStatus", groups[0].GetProperty("Action").GetString());
            Assert.Equal(3, groups[0].GetProperty("Count").GetInt64());
            Assert.Equal("2026-11-19T09:00:00+00:00", groups[0].GetProperty("FirstSeen").GetString());
            Assert.Equal("2026-11-20T12:00:00+00:00", groups[0].GetProperty("LastSeen").GetString());
            Assert.Equal("arn:aws:cloudtrail:us-east-1:111122223333:trail/main", groups[0].GetProperty("Resource").GetString());
            Assert.Equal("NotAuthorized", groups[0].GetProperty("Diagnosis").GetProperty("Kind").GetString());
            Assert.Equal(("s3:GetObject", 1), (groups[1].GetProperty("Action").GetString(), groups[1].GetProperty("Count").GetInt32()));
        }

        [Fact]
        public void NoGroupWritesOneLinePerEvent()
        {
            PlantLogs();

            var result = CliRunner.Run(null, "get-access-denied", "--path", root, "--no-group", "--json");

            Assert.Equal(0, result.ExitCode);
            JsonElement[] events = Lines(result);
            Assert.Equal(4, events.Length);
            Assert.All(events, e => Assert.Contains(".json", e.GetProperty("Source").GetString()));
            Assert.Contains(events, e => e.GetProperty("Source").GetString()!.EndsWith("a.json.gz#3", StringComparison.Ordinal) && e.GetProperty("Action").GetString() == "s3:GetObject");
            Assert.All(events, e => Assert.Equal(JsonValueKind.String, e.GetProperty("EventTime").ValueKind));
        }

        [Theory]
        [InlineData(new[] { "--since", "2026-11-20T11:00:00Z" }, 2)]
        [InlineData(new[] { "--until", "2026-11-20" }, 1)]
        [InlineData(new[] { "--principal", "bob" }, 1)]
        [InlineData(new[] { "--principal", "*alice", "--principal", "nobody" }, 3)]
        [InlineData(new[] { "--action", "s3:*" }, 1)]
        [InlineData(new[] { "--action", "CloudTrail:Get*", "--since", "2026-11-20T00:00:00Z", "--until", "2026-11-20T11:00:00Z" }, 1)]
        public void FiltersNarrowTheEvents(string[] filter, int expected)
        {
            PlantLogs();

            var result = CliRunner.Run(null, new[] { "get-access-denied", "--path", root, "--no-group", "--json" }.Concat(filter).ToArray());

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(expected, result.OutputLines.Length);
        }

        [Fact]
        public void BadFilesArePrintedAsErrorsAndTheRestIsStillReported()
        {
            PlantLogs();
            string corrupt = Write("AWSLogs/bad/corrupt.json.gz", "this is not gzip", gzip: false);
            string truncated = Write("AWSLogs/bad/truncated.json", Log(Record(Alice, "s3:ListBucket", "2026-11-20T01:00:00Z", "AccessDenied")).Substring(0, 50), gzip: false);
            string other = Write("AWSLogs/bad/policy.json", "{\"Version\":\"2012-10-17\"}", gzip: false);

            var result = CliRunner.Run(null, "get-access-denied", "--path", root, "--json");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal(2, result.OutputLines.Length);
            string[] errors = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(3, errors.Length);
            Assert.Contains(errors, e => e.StartsWith("error: " + corrupt + ": The gzip data is corrupt", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.StartsWith("error: " + truncated + ": The JSON is invalid or truncated", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.StartsWith("error: " + other + ": ", StringComparison.Ordinal) && e.Contains("Records"));
        }

        [Fact]
        public void ReadsJsonLinesFromStandardInputWithoutPath()
        {
            string input = Log(Record(Alice, "s3:GetObject", "2026-11-20T10:00:00Z", "AccessDenied")) + "\n" +
                           Record(Alice, "s3:GetObject", "2026-11-20T11:00:00Z", "AccessDenied") + "\n" +
                           "not json\n";

            var result = CliRunner.Run(input, "get-access-denied", "--json");

            Assert.Equal(1, result.ExitCode);
            JsonElement group = Assert.Single(Lines(result));
            Assert.Equal(2, group.GetProperty("Count").GetInt32());
            Assert.StartsWith("error: <stdin>:3: The JSON is invalid or truncated", result.Error);
        }

        [Fact]
        public void ReadsConcatenatedAndPrettyPrintedLogsFromStandardInputAndGoesOnPastABadValue()
        {
            // `zcat a.json.gz b.json.gz | cloudtrail-iam get-access-denied`: log files back to back with nothing between them.
            string first = Log(Record(Alice, "s3:GetObject", "2026-11-20T10:00:00Z", "AccessDenied"), Record(Bob, "s3:GetObject", "2026-11-20T10:01:00Z", null));
            string second = Log(Record(Alice, "s3:GetObject", "2026-11-20T11:00:00Z", "AccessDenied"));
            string pretty;
            using (JsonDocument document = JsonDocument.Parse(Log(Record(Bob, "s3:PutObject", "2026-11-20T12:00:00Z", "AccessDenied"))))
            {
                pretty = JsonSerializer.Serialize(document.RootElement, new JsonSerializerOptions { WriteIndented = true });
            }

            string input = first + second + "\n{\"Records\": oops\n" + pretty + "\n";

            var result = CliRunner.Run(input, "get-access-denied", "--json", "--no-group");

            Assert.Equal(1, result.ExitCode);
            Assert.Equal(
                new[] { (Alice, "<stdin>:1#0"), (Alice, "<stdin>:1#0"), (Bob, "<stdin>:3#0") },
                Lines(result).Select(e => (e.GetProperty("PrincipalArn").GetString()!, e.GetProperty("Source").GetString()!)));
            Assert.StartsWith("error: <stdin>:2: The JSON is invalid or truncated", result.Error);
            Assert.Single(result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        [Fact]
        public void TheTextReportHasAHeaderAndOneRowPerGroup()
        {
            PlantLogs();

            var result = CliRunner.Run(null, "get-access-denied", "--path", root);

            Assert.Equal(0, result.ExitCode);
            Assert.Equal(3, result.OutputLines.Length);
            Assert.StartsWith("COUNT", result.OutputLines[0]);
            Assert.StartsWith("    3  2026-11-19T09:00:00Z", result.OutputLines[1]);
            Assert.Contains(Alice + "  cloudtrail:GetTrailStatus", result.OutputLines[1]);
        }

        [Fact]
        public void AthenaQueryPrintsSqlWithTheFiltersAndTable()
        {
            var result = CliRunner.Run(null, "get-access-denied", "--athena-query", "--table", "audit.org_logs", "--since", "2026-11-01", "--principal", "o'brien");

            Assert.Equal(0, result.ExitCode);
            Assert.StartsWith("-- Access denials", result.Output);
            Assert.Contains("FROM \"audit\".\"org_logs\"", result.Output);
            Assert.Contains("eventtime >= '2026-11-01T00:00:00Z'", result.Output);
            Assert.Contains("LIKE 'o''brien' ESCAPE", result.Output);
            Assert.Contains("GROUP BY 1, 2", result.Output);
        }

        public static IEnumerable<object[]> UsageErrors() => new[]
        {
            new object[] { new[] { "get-access-denied", "--path", "/no/such/folder" }, "no such file or folder" },
            new object[] { new[] { "get-access-denied", "--since", "last tuesday" }, "--since" },
            new object[] { new[] { "get-access-denied", "--since", "2026-11-20", "--until", "2026-11-01" }, "after the end time" },
            new object[] { new[] { "get-access-denied", "--athena-query", "--path", "." }, "--athena-query" },
            new object[] { new[] { "get-access-denied", "--athena-query", "--table", "a..b" }, "table name" },
            new object[] { new[] { "get-access-denied", "--lookup-events", "--path", "." }, "not both" },
            new object[] { new[] { "get-access-denied", "--principal", "" }, "empty principal" },
            new object[] { new[] { "get-access-denied", "--bogus" }, "--bogus" },
        };

        [Theory]
        [MemberData(nameof(UsageErrors))]
        public void UsageErrorsExitTwo(string[] args, string mentioned)
        {
            var result = CliRunner.Run(string.Empty, args);

            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("error: ", result.Error);
            Assert.Contains(mentioned, result.Error);
            Assert.DoesNotContain("   at ", result.Error);
        }

        [Fact]
        public void WithNothingToReadAndATerminalForInputItIsAUsageError()
        {
            var error = new StringWriter();
            int exitCode = CliApplication.Run(new[] { "get-access-denied" }, new StringReader(string.Empty), new StringWriter(), error, inputRedirected: false);

            Assert.Equal(2, exitCode);
            Assert.Contains("--path", error.ToString());
        }
    }
}
