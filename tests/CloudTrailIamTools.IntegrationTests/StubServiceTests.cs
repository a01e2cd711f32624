using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using Amazon.Runtime;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.IntegrationTests.Infrastructure;

namespace CloudTrailIamTools.IntegrationTests
{
    /// <summary>What moto lacks, against a SigV4-checking stub; plus retries, timeouts and error shapes.</summary>
    public sealed class StubServiceTests
    {
        private const string IamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";

        private static ResolvedAwsConnection Connect(AwsStubServer stub, string region = "us-east-1", string? sessionToken = null, string secretKey = AwsStubServer.SecretKey)
        {
            return new AwsConnectionResolver(TestEnvironment.Empty).Resolve(new AwsConnectionOptions
            {
                AccessKey = AwsStubServer.AccessKey,
                SecretKey = secretKey,
                SessionToken = sessionToken,
                Region = region,
                EndpointUrl = stub.EndpointUrl,
            });
        }

        private static AwsClientSettings Fast(int retries = 3, TimeSpan? timeout = null, int? pageSize = null) => new AwsClientSettings
        {
            MaxErrorRetry = retries,
            MaxRetryBackoff = TimeSpan.FromMilliseconds(25),
            Timeout = timeout ?? TimeSpan.FromSeconds(10),
            PageSize = pageSize,
        };

        private static StubResponse QueryOk(string action, string resultXml) => new StubResponse(
            200, $"<{action}Response xmlns=\"{IamNamespace}\"><{action}Result>{resultXml}</{action}Result><ResponseMetadata><RequestId>req-{action}</RequestId></ResponseMetadata></{action}Response>");

        private static string UserXml(string name) =>
            $"<User><Path>/</Path><UserName>{name}</UserName><UserId>AIDAEXAMPLE</UserId><Arn>arn:aws:iam::111122223333:user/{name}</Arn><CreateDate>2024-01-02T03:04:05Z</CreateDate></User>";

        [Fact]
        public async Task SimulatePrincipalPolicyIsSignedFlattenedPagedAndFullyRead()
        {
            using var stub = new AwsStubServer(StubProtocol.Query, "iam", "us-east-1", request =>
            {
                bool firstPage = !request.Form.ContainsKey("Marker");
                string result = firstPage
                    ? "<EvaluationResults><member><EvalActionName>cloudtrail:CreateTrail</EvalActionName><EvalResourceName>*</EvalResourceName>" +
                      "<EvalDecision>allowed</EvalDecision><MatchedStatements><member><SourcePolicyId>ReadWrite</SourcePolicyId><SourcePolicyType>user</SourcePolicyType>" +
                      "<StartPosition><Line>1</Line><Column>40</Column></StartPosition><EndPosition><Line>1</Line><Column>120</Column></EndPosition></member></MatchedStatements>" +
                      "<MissingContextValues><member>aws:SourceIp</member></MissingContextValues>" +
                      "<OrganizationsDecisionDetail><AllowedByOrganizations>true</AllowedByOrganizations></OrganizationsDecisionDetail>" +
                      "<PermissionsBoundaryDecisionDetail><AllowedByPermissionsBoundary>true</AllowedByPermissionsBoundary></PermissionsBoundaryDecisionDetail>" +
                      "<EvalDecisionDetails><entry><key>IAM Policy</key><value>allowed</value></entry></EvalDecisionDetails>" +
                      "<ResourceSpecificResults><member><EvalResourceName>arn:aws:cloudtrail:us-east-1:111122223333:trail/t</EvalResourceName><EvalResourceDecision>allowed</EvalResourceDecision></member></ResourceSpecificResults>" +
                      "</member></EvaluationResults><IsTruncated>true</IsTruncated><Marker>page-2</Marker>"
                    : "<EvaluationResults><member><EvalActionName>iam:CreateServiceLinkedRole</EvalActionName><EvalResourceName>*</EvalResourceName>" +
                      "<EvalDecision>implicitDeny</EvalDecision><MatchedStatements/><MissingContextValues/></member></EvaluationResults><IsTruncated>false</IsTruncated>";
                return QueryOk("SimulatePrincipalPolicy", result);
            });
            using var iam = Connect(stub).CreateIamClient(Fast(pageSize: 1));

            IReadOnlyList<IamSimulationResult> results = await iam.SimulatePrincipalPolicyAsync(
                new IamSimulationRequest("arn:aws:iam::111122223333:user/alice", new[] { "cloudtrail:CreateTrail", "iam:CreateServiceLinkedRole" })
                {
                    ResourceArns = new[] { "*" },
                    PolicyInputList = new[] { "{\"Version\":\"2012-10-17\"}" },
                    ContextEntries = new[] { new IamContextEntry("aws:RequestedRegion", "string", new[] { "us-east-1", "eu-west-1" }) },
                });

            Assert.All(stub.Requests, r => Assert.Null(r.SignatureProblem));
            var calls = stub.RequestsFor("SimulatePrincipalPolicy");
            Assert.Equal(2, calls.Count);
            var form = calls[0].Form;
            Assert.Equal("2010-05-08", form["Version"]);
            Assert.Equal("arn:aws:iam::111122223333:user/alice", form["PolicySourceArn"]);
            Assert.Equal("cloudtrail:CreateTrail", form["ActionNames.member.1"]);
            Assert.Equal("iam:CreateServiceLinkedRole", form["ActionNames.member.2"]);
            Assert.Equal("*", form["ResourceArns.member.1"]);
            Assert.Equal("{\"Version\":\"2012-10-17\"}", form["PolicyInputList.member.1"]);
            Assert.Equal("aws:RequestedRegion", form["ContextEntries.member.1.ContextKeyName"]);
            Assert.Equal("string", form["ContextEntries.member.1.ContextKeyType"]);
            Assert.Equal("eu-west-1", form["ContextEntries.member.1.ContextKeyValues.member.2"]);
            Assert.Equal("1", form["MaxItems"]);
            Assert.Equal("page-2", calls[1].Form["Marker"]);

            Assert.Equal(2, results.Count);
            IamSimulationResult allowed = results[0];
            Assert.Equal("cloudtrail:CreateTrail", allowed.ActionName);
            Assert.Equal("allowed", allowed.Decision);
            IamStatementMatch match = Assert.Single(allowed.MatchedStatements);
            Assert.Equal(("ReadWrite", "user", 1, 40, 1, 120), (match.SourcePolicyId, match.SourcePolicyType, match.StartLine, match.StartColumn, match.EndLine, match.EndColumn));
            Assert.Equal(new[] { "aws:SourceIp" }, allowed.MissingContextValues);
            Assert.True(allowed.AllowedByOrganizations);
            Assert.True(allowed.AllowedByPermissionsBoundary);
            Assert.Equal("allowed", allowed.DecisionDetails["IAM Policy"]);
            Assert.Equal("arn:aws:cloudtrail:us-east-1:111122223333:trail/t", Assert.Single(allowed.ResourceSpecificResults).ResourceName);
            Assert.Equal("implicitDeny", results[1].Decision);
            Assert.Null(results[1].AllowedByOrganizations);
        }

        [Fact]
        public async Task LookupEventsSendsJsonFollowsNextTokenAndStopsAtMaxEvents()
        {
            using var stub = new AwsStubServer(StubProtocol.Json, "cloudtrail", "eu-west-2", request =>
            {
                using var body = JsonDocument.Parse(request.Body);
                bool firstPage = !body.RootElement.TryGetProperty("NextToken", out _);
                string events = firstPage
                    ? "[{\"EventId\":\"e1\",\"EventName\":\"CreateTrail\",\"ReadOnly\":\"false\",\"EventTime\":1700000000.5,\"EventSource\":\"cloudtrail.amazonaws.com\",\"Username\":\"alice\",\"AccessKeyId\":\"AKIAEXAMPLE\",\"Resources\":[{\"ResourceType\":\"AWS::CloudTrail::Trail\",\"ResourceName\":\"main\"}],\"CloudTrailEvent\":\"{\\\"errorCode\\\":\\\"AccessDenied\\\"}\"}," +
                      "{\"EventId\":\"e2\",\"EventName\":\"CreateTrail\",\"EventTime\":1700000001}]"
                    : "[{\"EventId\":\"e3\",\"EventName\":\"CreateTrail\",\"EventTime\":1700000002},{\"EventId\":\"e4\",\"EventName\":\"CreateTrail\",\"EventTime\":1700000003}]";
                return new StubResponse(200, "{\"Events\":" + events + (firstPage ? ",\"NextToken\":\"token-2\"}" : ",\"NextToken\":\"token-3\"}"));
            });
            using var cloudTrail = Connect(stub, region: "eu-west-2").CreateCloudTrailClient(Fast(pageSize: 2));
            var start = DateTimeOffset.FromUnixTimeSeconds(1699990000);

            IReadOnlyList<CloudTrailEvent> events = await cloudTrail.LookupEventsAsync(new CloudTrailLookupRequest
            {
                AttributeKey = CloudTrailLookupAttributeKey.EventName,
                AttributeValue = "CreateTrail",
                StartTime = start,
                MaxEvents = 3,
            });

            Assert.All(stub.Requests, r => Assert.Null(r.SignatureProblem));
            var calls = stub.RequestsFor("LookupEvents");
            Assert.Equal(2, calls.Count);
            Assert.Equal("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents", calls[0].Headers["x-amz-target"]);
            Assert.StartsWith("application/x-amz-json-1.1", calls[0].Headers["content-type"]);
            using (var first = JsonDocument.Parse(calls[0].Body))
            {
                JsonElement attribute = Assert.Single(first.RootElement.GetProperty("LookupAttributes").EnumerateArray());
                Assert.Equal("EventName", attribute.GetProperty("AttributeKey").GetString());
                Assert.Equal("CreateTrail", attribute.GetProperty("AttributeValue").GetString());
                Assert.Equal(1699990000, first.RootElement.GetProperty("StartTime").GetInt64());
                Assert.Equal(2, first.RootElement.GetProperty("MaxResults").GetInt32());
            }

            using (var second = JsonDocument.Parse(calls[1].Body))
            {
                Assert.Equal("token-2", second.RootElement.GetProperty("NextToken").GetString());
            }

            Assert.Equal(new[] { "e1", "e2", "e3" }, events.Select(e => e.EventId));
            CloudTrailEvent firstEvent = events[0];
            Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1700000000500), firstEvent.EventTime);
            Assert.False(firstEvent.ReadOnly);
            Assert.Equal("alice", firstEvent.Username);
            Assert.Equal(("AWS::CloudTrail::Trail", "main"), (firstEvent.Resources[0].ResourceType, firstEvent.Resources[0].ResourceName));
            Assert.Equal("{\"errorCode\":\"AccessDenied\"}", firstEvent.RawEvent);
        }

        [Fact]
        public async Task RegisterOrganizationDelegatedAdminSendsTheAccountAndMapsModeledErrors()
        {
            using var stub = new AwsStubServer(StubProtocol.Json, "cloudtrail", "us-east-1", request =>
            {
                using var body = JsonDocument.Parse(request.Body);
                return body.RootElement.GetProperty("MemberAccountId").GetString() == "222233334444"
                    ? new StubResponse(200, "{}")
                    : new StubResponse(400, "{\"__type\":\"com.amazonaws.cloudtrail.v20131101#CloudTrailAccessNotEnabledException\",\"Message\":\"This operation is not permitted as your organization hasn't enabled CloudTrail service access.\"}");
            });
            using var cloudTrail = Connect(stub).CreateCloudTrailClient(Fast());

            await cloudTrail.RegisterOrganizationDelegatedAdminAsync("222233334444");
            var error = await Assert.ThrowsAsync<AwsServiceCallException>(() => cloudTrail.RegisterOrganizationDelegatedAdminAsync("999988887777"));

            Assert.All(stub.Requests, r => Assert.Null(r.SignatureProblem));
            Assert.Equal("com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.RegisterOrganizationDelegatedAdmin", stub.Requests.First().Headers["x-amz-target"]);
            Assert.Equal("CloudTrailAccessNotEnabledException", error.ErrorCode);
            Assert.Equal("This operation is not permitted as your organization hasn't enabled CloudTrail service access.", error.ServiceMessage);
            Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
            Assert.StartsWith("stub-", error.RequestId);
            Assert.Equal("RegisterOrganizationDelegatedAdmin", error.Operation);
        }

        [Fact]
        public async Task OrganizationsListsFollowNextTokenWithTheFilter()
        {
            using var stub = new AwsStubServer(StubProtocol.Json, "organizations", "us-east-1", request =>
            {
                using var body = JsonDocument.Parse(request.Body);
                string id = body.RootElement.TryGetProperty("NextToken", out JsonElement token) ? token.GetString()! : "111111111111";
                string next = id == "111111111111" ? ",\"NextToken\":\"222222222222\"" : string.Empty;
                return new StubResponse(200, $"{{\"DelegatedAdministrators\":[{{\"Id\":\"{id}\",\"Status\":\"ACTIVE\",\"JoinedMethod\":\"CREATED\",\"DelegationEnabledDate\":1700000000}}]{next}}}");
            });
            using var organizations = Connect(stub).CreateOrganizationsClient(Fast(pageSize: 1));

            var administrators = await organizations.ListDelegatedAdministratorsAsync("cloudtrail.amazonaws.com");

            Assert.Equal(new[] { "111111111111", "222222222222" }, administrators.Select(a => a.AccountId));
            Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), administrators[0].DelegationEnabledDate);
            var calls = stub.RequestsFor("ListDelegatedAdministrators");
            Assert.Equal(2, calls.Count);
            Assert.All(calls, c => Assert.Contains("\"ServicePrincipal\":\"cloudtrail.amazonaws.com\"", c.Body));
            Assert.All(stub.Requests, r => Assert.Null(r.SignatureProblem));
        }

        [Fact]
        public async Task QueryCallsRetryThrottlingAndServerErrorsWithFreshSignatures()
        {
            using var stub = new AwsStubServer(StubProtocol.Query, "iam", "us-east-1", _ => QueryOk("GetUser", UserXml("alice")));
            stub.Faults.Enqueue(StubFault.Throttle);
            stub.Faults.Enqueue(StubFault.ServerError);
            using var iam = Connect(stub).CreateIamClient(Fast(retries: 3));

            IamUser user = await iam.GetUserAsync("alice");

            Assert.Equal("alice", user.UserName);
            Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), user.CreateDate);
            Assert.Equal(3, stub.RequestsFor("GetUser").Count);
            Assert.All(stub.Requests, r => Assert.Null(r.SignatureProblem));
        }

        [Fact]
        public async Task JsonCallsRetryThrottlingAndServerErrors()
        {
            using var stub = new AwsStubServer(StubProtocol.Json, "organizations", "us-east-1",
                _ => new StubResponse(200, "{\"Organization\":{\"Id\":\"o-abc123\",\"FeatureSet\":\"ALL\",\"MasterAccountId\":\"111122223333\"}}"));
            stub.Faults.Enqueue(StubFault.ServerError);
            stub.Faults.Enqueue(StubFault.Throttle);
            stub.Faults.Enqueue(StubFault.ServerError);
            using var organizations = Connect(stub).CreateOrganizationsClient(Fast(retries: 3));

            AwsOrganization organization = await organizations.DescribeOrganizationAsync();

            Assert.Equal("o-abc123", organization.Id);
            Assert.True(organization.AllFeaturesEnabled);
            Assert.Equal(4, stub.RequestsFor("DescribeOrganization").Count);
            Assert.Equal("AWSOrganizationsV20161128.DescribeOrganization", stub.Requests.First().Headers["x-amz-target"]);
            Assert.All(stub.Requests, r => Assert.Null(r.SignatureProblem));
        }

        [Fact]
        public async Task BackoffCeilingFromSettingsBoundsThePausesBetweenRetries()
        {
            // The SDK's own ceiling (20 s, pauses up to 1, 2, 4, 8 s) would make four retries take seconds.
            using var stub = new AwsStubServer(StubProtocol.Query, "iam", "us-east-1", _ => QueryOk("GetUser", UserXml("alice")));
            for (int i = 0; i < 4; i++)
            {
                stub.Faults.Enqueue(StubFault.Throttle);
            }

            using var iam = Connect(stub).CreateIamClient(new AwsClientSettings { MaxErrorRetry = 4, MaxRetryBackoff = TimeSpan.FromMilliseconds(1) });
            var clock = Stopwatch.StartNew();

            await iam.GetUserAsync("alice");

            Assert.Equal(5, stub.RequestsFor("GetUser").Count);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"four retries took {clock.Elapsed}");
        }

        [Fact]
        public async Task PageSizeIsCappedAtTheOperationsLimit()
        {
            using var stub = new AwsStubServer(StubProtocol.Json, "cloudtrail", "us-east-1", _ => new StubResponse(200, "{\"Events\":[]}"));
            using var cloudTrail = Connect(stub).CreateCloudTrailClient(Fast(pageSize: 500));

            Assert.Empty(await cloudTrail.LookupEventsAsync());

            Assert.Contains("\"MaxResults\":50", Assert.Single(stub.Requests).Body);
        }

        [Fact]
        public async Task TimedOutAttemptsAreRetried()
        {
            using var stub = new AwsStubServer(StubProtocol.Json, "cloudtrail", "us-east-1",
                _ => new StubResponse(200, "{\"IsLogging\":true,\"StartLoggingTime\":1700000000}"));
            stub.SlowAnswerDelay = TimeSpan.FromSeconds(3);
            stub.Faults.Enqueue(StubFault.SlowAnswer);
            using var cloudTrail = Connect(stub).CreateCloudTrailClient(Fast(retries: 2, timeout: TimeSpan.FromMilliseconds(700)));
            var clock = Stopwatch.StartNew();

            CloudTrailTrailStatus status = await cloudTrail.GetTrailStatusAsync("main");

            Assert.True(status.IsLogging);
            Assert.Equal(2, stub.RequestsFor("GetTrailStatus").Count);
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), "the first attempt should have been abandoned at the timeout, not awaited");
        }

        [Fact]
        public async Task ExhaustedRetriesSurfaceTheLastErrorWithCodeStatusAndRequestId()
        {
            using var stub = new AwsStubServer(StubProtocol.Query, "iam", "us-east-1", _ => QueryOk("GetRole", string.Empty));
            for (int i = 0; i < 5; i++)
            {
                stub.Faults.Enqueue(StubFault.Throttle);
            }

            using var iam = Connect(stub).CreateIamClient(Fast(retries: 2));

            var error = await Assert.ThrowsAsync<AwsServiceCallException>(() => iam.GetRoleAsync("busy"));

            Assert.Equal(3, stub.RequestsFor("GetRole").Count);
            Assert.Equal("Throttling", error.ErrorCode);
            Assert.Equal("Rate exceeded", error.ServiceMessage);
            Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
            Assert.Equal("stub-0003", error.RequestId);
            Assert.Equal(FailureCategory.LimitsExceeded, error.Category);
        }

        [Fact]
        public async Task AccessDeniedIsNotRetriedAndIsRecognised()
        {
            using var stub = new AwsStubServer(StubProtocol.Query, "iam", "us-east-1", request => new StubResponse(403,
                "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::111122223333:user/bob is not authorized to perform: iam:GetRole on resource: role x because no identity-based policy allows the iam:GetRole action</Message></Error><RequestId>denied-1</RequestId></ErrorResponse>"));
            using var iam = Connect(stub).CreateIamClient(Fast(retries: 3));

            var error = await Assert.ThrowsAsync<AwsServiceCallException>(() => iam.GetRoleAsync("x"));

            Assert.Single(stub.Requests);
            Assert.True(error.IsAccessDenied);
            Assert.Equal(FailureCategory.PermissionDenied, error.Category);
            Assert.Equal("denied-1", error.RequestId);
            Assert.StartsWith("User: arn:aws:iam::111122223333:user/bob is not authorized", error.ServiceMessage);
        }

        [Fact]
        public async Task XmlAccessDeniedFromAJsonServiceIsStillParsed()
        {
            using var stub = new AwsStubServer(StubProtocol.Json, "cloudtrail", "us-east-1", _ => new StubResponse(403,
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse><Errors><Error><Code>AccessDenied</Code><Message>User: arn:aws:iam::123456789012:user/eve is not authorized to perform: cloudtrail:DescribeTrails</Message></Error></Errors><RequestId>moto-style</RequestId></ErrorResponse>"));
            using var cloudTrail = Connect(stub).CreateCloudTrailClient(Fast());

            var error = await Assert.ThrowsAsync<AwsServiceCallException>(() => cloudTrail.DescribeTrailsAsync());

            Assert.Equal("AccessDenied", error.ErrorCode);
            Assert.True(error.IsAccessDenied);
            Assert.Contains("cloudtrail:DescribeTrails", error.ServiceMessage);
        }

        [Fact]
        public async Task WrongSecretIsCaughtByTheStubsSignatureCheckAndExplained()
        {
            using var stub = new AwsStubServer(StubProtocol.Query, "iam", "us-east-1", _ => QueryOk("GetUser", UserXml("alice")));
            using var iam = Connect(stub, secretKey: "not-the-stub-secret").CreateIamClient(Fast(retries: 0));

            var error = await Assert.ThrowsAsync<AwsServiceCallException>(() => iam.GetUserAsync("alice"));

            Assert.Contains("signature mismatch", Assert.Single(stub.Requests).SignatureProblem);
            Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
            Assert.Equal(HttpStatusCode.Forbidden, error.HttpStatusCode);
            Assert.Equal(FailureCategory.AuthenticationError, error.Category);
            Assert.Contains("check that the key pair", error.Message);
        }

        [Fact]
        public async Task SignatureScopeFollowsTheConfiguredRegionForAnEndpointOverride()
        {
            using var stub = new AwsStubServer(StubProtocol.Json, "cloudtrail", "ap-northeast-1", _ => new StubResponse(200, "{\"trailList\":[]}"));
            using var rightRegion = Connect(stub, region: "ap-northeast-1").CreateCloudTrailClient(Fast(retries: 0));
            using var wrongRegion = Connect(stub, region: "us-west-2").CreateCloudTrailClient(Fast(retries: 0));

            Assert.Empty(await rightRegion.DescribeTrailsAsync());
            var error = await Assert.ThrowsAsync<AwsServiceCallException>(() => wrongRegion.DescribeTrailsAsync());

            Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
            Assert.Contains("us-west-2/cloudtrail", stub.Requests.Last().SignatureProblem);
        }

        [Fact]
        public async Task StsDecodeAuthorizationMessageUsesTheSdkClientWithTheSessionToken()
        {
            const string decoded = "{\"allowed\":false,\"explicitDeny\":false,\"context\":{\"action\":\"ec2:RunInstances\"}}";
            using var stub = new AwsStubServer(StubProtocol.Query, "sts", "us-east-1", request => new StubResponse(200,
                "<DecodeAuthorizationMessageResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><DecodeAuthorizationMessageResult><DecodedMessage>" +
                WebUtility.HtmlEncode(decoded) + "</DecodedMessage></DecodeAuthorizationMessageResult><ResponseMetadata><RequestId>sts-1</RequestId></ResponseMetadata></DecodeAuthorizationMessageResponse>"));
            using var sts = Connect(stub, sessionToken: "session-token-value").CreateStsClient(Fast());

            string message = await sts.DecodeAuthorizationMessageAsync("encoded-blob-from-ec2");

            Assert.Equal(decoded, message);
            StubRequest request = Assert.Single(stub.Requests);
            Assert.Null(request.SignatureProblem);
            Assert.Equal("encoded-blob-from-ec2", request.Form["EncodedMessage"]);
            bool tokenSent = (request.Headers.TryGetValue("x-amz-security-token", out string? header) && header == "session-token-value")
                             || (request.Form.TryGetValue("SecurityToken", out string? parameter) && parameter == "session-token-value");
            Assert.True(tokenSent, "the session token must travel with the signed request");
        }

        [Fact]
        public async Task ExpiredTokenAnswerNamesTheFix()
        {
            using var stub = new AwsStubServer(StubProtocol.Query, "sts", "us-east-1", _ => new StubResponse(400,
                "<ErrorResponse><Error><Type>Sender</Type><Code>ExpiredToken</Code><Message>The security token included in the request is expired</Message></Error><RequestId>exp-1</RequestId></ErrorResponse>"));
            using var sts = Connect(stub, sessionToken: "old-token").CreateStsClient(Fast(retries: 0));

            var error = await Assert.ThrowsAsync<AwsServiceCallException>(() => sts.GetCallerIdentityAsync());

            Assert.Equal("ExpiredToken", error.ErrorCode);
            Assert.Equal(AwsService.Sts, error.Service);
            Assert.Equal(FailureCategory.AuthenticationError, error.Category);
            Assert.Contains("aws sso login", error.Message);
            Assert.Contains("new session token", error.Message);
        }

        [Fact]
        public async Task CredentialsThatCannotRefreshFailBeforeAnyRequestWithTheFix()
        {
            using var stub = new AwsStubServer(StubProtocol.Json, "cloudtrail", "us-east-1", _ => new StubResponse(200, "{}"));
            ResolvedAwsConnection connection = new AwsConnectionResolver(TestEnvironment.Empty).Resolve(new AwsConnectionOptions
            {
                Credentials = new ExpiredSsoCredentials(),
                Region = "us-east-1",
                EndpointUrl = stub.EndpointUrl,
            });
            using var cloudTrail = connection.CreateCloudTrailClient(Fast(retries: 0));

            var error = await Assert.ThrowsAsync<AwsConfigurationException>(() => cloudTrail.DescribeTrailsAsync());

            Assert.Equal(AwsConfigurationProblem.ExpiredCredentials, error.Problem);
            Assert.Contains("aws sso login", error.Message);
            Assert.Empty(stub.Requests);
        }

        [Fact]
        public async Task UnreachableEndpointIsAConnectionFailure()
        {
            int closedPort = MotoServerFixture.FreePort();
            ResolvedAwsConnection connection = new AwsConnectionResolver(TestEnvironment.Empty).Resolve(new AwsConnectionOptions
            {
                AccessKey = AwsStubServer.AccessKey,
                SecretKey = AwsStubServer.SecretKey,
                Region = "us-east-1",
                EndpointUrl = $"http://127.0.0.1:{closedPort}",
            });
            using var iam = connection.CreateIamClient(Fast(retries: 1));

            var error = await Assert.ThrowsAsync<AwsServiceCallException>(() => iam.GetUserAsync());

            Assert.Equal("ConnectionFailure", error.ErrorCode);
            Assert.Null(error.HttpStatusCode);
            Assert.Equal(FailureCategory.ConnectionError, error.Category);
            Assert.Matches(@"[.!?] Check the endpoint URL", error.Message);
        }

        /// <summary>Stands in for an SSO or assumed-role credential whose cached session has run out.</summary>
        private sealed class ExpiredSsoCredentials : AWSCredentials
        {
            public override ImmutableCredentials GetCredentials() =>
                throw new AmazonClientException("The SSO session associated with this profile has expired or is otherwise invalid.");

            public override Task<ImmutableCredentials> GetCredentialsAsync() => Task.FromResult(GetCredentials());
        }
    }
}
