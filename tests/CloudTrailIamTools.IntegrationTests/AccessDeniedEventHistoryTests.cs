using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.AccessDenied;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.IntegrationTests.Infrastructure;

namespace CloudTrailIamTools.IntegrationTests
{
    /// <summary>Get-CloudTrailAccessDenied's live source: LookupEvents (which moto lacks) against the SigV4-checking stub.</summary>
    public sealed class AccessDeniedEventHistoryTests
    {
        private const string Alice = "arn:aws:iam::111122223333:user/alice";
        private const string Bob = "arn:aws:iam::111122223333:user/bob";

        private static string Raw(string principal, string source, string name, string time, string? code, string? message = null) =>
            JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["eventVersion"] = "1.09",
                ["userIdentity"] = new Dictionary<string, string> { ["type"] = "IAMUser", ["arn"] = principal, ["accountId"] = "111122223333" },
                ["eventTime"] = time,
                ["eventSource"] = source,
                ["eventName"] = name,
                ["awsRegion"] = "eu-west-2",
                ["errorCode"] = code,
                ["errorMessage"] = message,
                ["eventID"] = Guid.NewGuid().ToString(),
            });

        private static string LookupEvent(string id, string rawEvent) =>
            JsonSerializer.Serialize(new Dictionary<string, object> { ["EventId"] = id, ["EventName"] = "x", ["EventTime"] = 1763632800, ["CloudTrailEvent"] = rawEvent });

        private static ResolvedAwsConnection Connect(AwsStubServer stub) =>
            new AwsConnectionResolver(TestEnvironment.Empty).Resolve(new AwsConnectionOptions
            {
                AccessKey = AwsStubServer.AccessKey,
                SecretKey = AwsStubServer.SecretKey,
                Region = "eu-west-2",
                EndpointUrl = stub.EndpointUrl,
            });

        private static AwsClientSettings Fast() => new AwsClientSettings
        {
            MaxErrorRetry = 3,
            MaxRetryBackoff = TimeSpan.FromMilliseconds(25),
            Timeout = TimeSpan.FromSeconds(10),
        };

        [Fact]
        public async Task DeniedEventsOfAllPagesAreDiagnosedThroughThrottlingWithTheTimeWindowSent()
        {
            string[] pages =
            {
                "[" + LookupEvent("e1", Raw(Alice, "cloudtrail.amazonaws.com", "GetTrailStatus", "2026-11-20T10:00:00Z", "AccessDenied",
                          "User: " + Alice + " is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:eu-west-2:111122223333:trail/main")) + "," +
                      LookupEvent("e2", Raw(Alice, "cloudtrail.amazonaws.com", "DescribeTrails", "2026-11-20T10:01:00Z", null)) + "]",
                "[" + LookupEvent("e3", Raw(Bob, "ec2.amazonaws.com", "RunInstances", "2026-11-20T11:00:00Z", "Client.UnauthorizedOperation", "You are not authorized to perform this operation.")) + "," +
                      LookupEvent("e4", Raw(Alice, "cloudtrail.amazonaws.com", "GetTrailStatus", "2026-11-20T09:00:00Z", "AccessDenied")) + "," +
                      LookupEvent("e5", Raw(Bob, "s3.amazonaws.com", "GetObject", "2026-11-20T09:30:00Z", "NoSuchKey")) + "]",
            };
            using var stub = new AwsStubServer(StubProtocol.Json, "cloudtrail", "eu-west-2", request =>
            {
                using var body = JsonDocument.Parse(request.Body);
                bool first = !body.RootElement.TryGetProperty("NextToken", out _);
                return new StubResponse(200, "{\"Events\":" + pages[first ? 0 : 1] + (first ? ",\"NextToken\":\"page-2\"}" : "}"));
            });
            stub.Faults.Enqueue(StubFault.Throttle);
            using CloudTrailClient client = Connect(stub).CreateCloudTrailClient(Fast());
            var start = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);
            var end = start.AddDays(1);
            var scanner = new AccessDeniedScanner(new AccessDeniedFilter(startTime: start, endTime: end));

            IReadOnlyList<AccessDeniedScanItem> items = await scanner.ScanEventHistoryAsync(client);

            Assert.All(stub.Requests, r => Assert.Null(r.SignatureProblem));
            var calls = stub.RequestsFor("LookupEvents");
            Assert.True(calls.Count >= 3, "the throttled call is retried, then page 2 is read");
            using (var request = JsonDocument.Parse(calls[0].Body))
            {
                Assert.Equal(start.ToUnixTimeSeconds(), request.RootElement.GetProperty("StartTime").GetInt64());
                Assert.Equal(end.ToUnixTimeSeconds(), request.RootElement.GetProperty("EndTime").GetInt64());
            }

            Assert.All(items, item => Assert.Null(item.Problem));
            Assert.Equal(new[] { "LookupEvents#e1", "LookupEvents#e3", "LookupEvents#e4" }, items.Select(i => i.Event!.Source));
            var aggregator = new AccessDeniedAggregator();
            foreach (AccessDeniedScanItem item in items)
            {
                aggregator.Add(item.Event!);
            }

            var groups = aggregator.GetGroups();
            Assert.Equal((Alice, "cloudtrail:GetTrailStatus", 2L), (groups[0].PrincipalArn, groups[0].Action, groups[0].Count));
            Assert.Equal((start.AddHours(9), start.AddHours(10)), (groups[0].FirstSeen, groups[0].LastSeen));
            Assert.Equal("arn:aws:cloudtrail:eu-west-2:111122223333:trail/main", groups[0].Resource);
            Assert.Equal((Bob, "ec2:RunInstances", "Client.UnauthorizedOperation"), (groups[1].PrincipalArn, groups[1].Action, groups[1].ErrorCode));
        }

        /// <summary>Three pages chained by NextToken; each page has one denial of its own.</summary>
        private static AwsStubServer ThreePages() => new AwsStubServer(StubProtocol.Json, "cloudtrail", "eu-west-2", request =>
        {
            using var body = JsonDocument.Parse(request.Body);
            int page = body.RootElement.TryGetProperty("NextToken", out JsonElement token) ? int.Parse(token.GetString()!.Substring("page-".Length)) : 1;
            string events = "[" +
                LookupEvent("p" + page + "a", Raw(page % 2 == 1 ? Alice : Bob, "cloudtrail.amazonaws.com", "GetTrailStatus", "2026-11-20T1" + page + ":00:00Z", "AccessDenied")) + "," +
                LookupEvent("p" + page + "b", Raw(Alice, "cloudtrail.amazonaws.com", "DescribeTrails", "2026-11-20T1" + page + ":01:00Z", null)) + "]";
            return new StubResponse(200, "{\"Events\":" + events + (page < 3 ? ",\"NextToken\":\"page-" + (page + 1) + "\"}" : "}"));
        });

        [Fact]
        public async Task EachPageIsHandedOverBeforeTheNextPageIsRequested()
        {
            using AwsStubServer stub = ThreePages();
            using CloudTrailClient client = Connect(stub).CreateCloudTrailClient(Fast());
            var delivered = new List<(int RequestsSoFar, string[] Sources)>();

            await new AccessDeniedScanner().ScanEventHistoryAsync(client, (items, _) =>
            {
                delivered.Add((stub.RequestsFor("LookupEvents").Count, items.Select(i => i.Event!.Source!).ToArray()));
                return Task.CompletedTask;
            });

            Assert.All(stub.Requests, r => Assert.Null(r.SignatureProblem));
            Assert.Equal(3, delivered.Count);
            Assert.Equal(new[] { 1, 2, 3 }, delivered.Select(d => d.RequestsSoFar));
            Assert.Equal(new[] { "LookupEvents#p1a" }, delivered[0].Sources);
            Assert.Equal(new[] { "LookupEvents#p3a" }, delivered[2].Sources);
        }

        [Fact]
        public async Task PagesArePulledOneCallAtATimeAndTheEventListIsTheirConcatenation()
        {
            using AwsStubServer stub = ThreePages();
            using CloudTrailClient client = Connect(stub).CreateCloudTrailClient(Fast());

            AccessDeniedEventHistoryPages pages = new AccessDeniedScanner().ScanEventHistoryPages(client);
            IReadOnlyList<AccessDeniedScanItem>? first = await pages.NextAsync();

            Assert.Equal("LookupEvents#p1a", Assert.Single(first!).Event!.Source);
            Assert.Single(stub.RequestsFor("LookupEvents"));
            Assert.NotNull(await pages.NextAsync());
            Assert.NotNull(await pages.NextAsync());
            Assert.Null(await pages.NextAsync());
            Assert.Equal(3, stub.RequestsFor("LookupEvents").Count);

            var seen = new List<int>();
            await client.LookupEventPagesAsync(new CloudTrailLookupRequest { MaxEvents = 3 }, (page, _) =>
            {
                seen.Add(page.Count);
                return Task.CompletedTask;
            });
            Assert.Equal(new[] { 2, 1 }, seen);
            Assert.Equal(new[] { "p1a", "p1b", "p2a", "p2b", "p3a", "p3b" }, (await client.LookupEventsAsync()).Select(e => e.EventId));
            Assert.Equal(new[] { "p1a", "p1b", "p2a" }, (await client.LookupEventsAsync(new CloudTrailLookupRequest { MaxEvents = 3 })).Select(e => e.EventId));
        }

        [Fact]
        public async Task AFailedLookupSurfacesAsTheServicesError()
        {
            using var stub = new AwsStubServer(StubProtocol.Json, "cloudtrail", "eu-west-2", request =>
                new StubResponse(400, "{\"__type\":\"AccessDeniedException\",\"Message\":\"User: " + Alice + " is not authorized to perform: cloudtrail:LookupEvents\"}"));
            using CloudTrailClient client = Connect(stub).CreateCloudTrailClient(Fast());

            var error = await Assert.ThrowsAsync<AwsServiceCallException>(() => new AccessDeniedScanner().ScanEventHistoryAsync(client));

            Assert.Equal("AccessDeniedException", error.ErrorCode);
            Assert.Equal("LookupEvents", error.Operation);
            Assert.IsAssignableFrom<CloudTrailIamToolsException>(error);
        }
    }
}
