using System.Linq;
using System.Text.Json;

namespace CloudTrailIamTools.Cli.Tests
{
    /// <summary>What other tools write, piped into get-access-denied.</summary>
    public sealed class GetAccessDeniedPipeTests
    {
        /// <summary>`aws cloudtrail lookup-events` output as the AWS CLI prints it: indented, every record a JSON string.</summary>
        private static string LookupEventsOutput(params string[] records)
        {
            var events = records.Select((record, i) => new
            {
                EventId = "e" + i,
                EventName = "GetTrailStatus",
                ReadOnly = "true",
                EventTime = "2026-11-20T10:00:00+00:00",
                EventSource = "cloudtrail.amazonaws.com",
                Username = "ana",
                Resources = new object[0],
                CloudTrailEvent = record,
            });
            return JsonSerializer.Serialize(new { Events = events, NextToken = "abc" }, new JsonSerializerOptions { WriteIndented = true }) + "\n";
        }

        [Fact]
        public void AwsCliLookupEventsOutputIsRead()
        {
            string succeeded = HostileInputCommandTests.Denied().Replace("\"errorCode\":\"AccessDenied\",", string.Empty);
            string input = LookupEventsOutput(HostileInputCommandTests.Denied(), succeeded, HostileInputCommandTests.Denied());

            CliResult result = CliRunner.Run(input, "get-access-denied", "--no-group", "--json");

            Assert.Equal(string.Empty, result.Error);
            Assert.Equal(0, result.ExitCode);
            Assert.Equal(2, result.OutputLines.Length);
            using JsonDocument first = JsonDocument.Parse(result.OutputLines[0]);
            Assert.Equal("arn:aws:iam::111122223333:user/ana", first.RootElement.GetProperty("PrincipalArn").GetString());
            Assert.Equal("cloudtrail:GetTrailStatus", first.RootElement.GetProperty("Action").GetString());
            Assert.Equal("<stdin>:1#0", first.RootElement.GetProperty("Source").GetString());
        }

        [Fact]
        public void ALookupEventsResultWithBadCloudTrailEventIsReportedAndTheRestRead()
        {
            string input = LookupEventsOutput("{not json", HostileInputCommandTests.Denied());

            CliResult result = CliRunner.Run(input, "get-access-denied", "--no-group", "--json");

            Assert.Equal(1, result.ExitCode);
            Assert.Single(result.OutputLines);
            Assert.StartsWith("error: <stdin>:1#0: The event's CloudTrailEvent is not valid JSON", result.Error);
        }
    }
}
