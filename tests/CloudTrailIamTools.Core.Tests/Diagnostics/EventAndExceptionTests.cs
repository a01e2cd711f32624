using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using Amazon.Runtime;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Tests.Diagnostics
{
    public sealed class EventAndExceptionTests
    {
        internal const string DeniedEvent = "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:ana\",\"arn\":\"arn:aws:sts::123456789012:assumed-role/Auditor/ana\",\"accountId\":\"123456789012\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\",\"arn\":\"arn:aws:iam::123456789012:role/Auditor\",\"userName\":\"Auditor\"}}},\"eventTime\":\"2026-11-20T10:15:00Z\",\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"GetTrailStatus\",\"awsRegion\":\"eu-west-1\",\"sourceIPAddress\":\"203.0.113.5\",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"User: arn:aws:sts::123456789012:assumed-role/Auditor/ana is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:eu-west-1:123456789012:trail/main because no identity-based policy allows the cloudtrail:GetTrailStatus action\",\"requestParameters\":{\"name\":\"main\"},\"eventID\":\"e1\",\"recipientAccountId\":\"123456789012\"}";

        internal const string DeniedEventWithoutMessageDetails = "{\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::123456789012:user/bob\",\"accountId\":\"123456789012\",\"userName\":\"bob\"},\"eventTime\":\"2026-11-20T11:00:00Z\",\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"DescribeTrails\",\"awsRegion\":\"us-east-1\",\"errorCode\":\"AccessDenied\",\"errorMessage\":\"Access Denied\",\"eventID\":\"e2\"}";

        internal const string SuccessfulEvent = "{\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::123456789012:user/bob\"},\"eventTime\":\"2026-11-20T11:00:00Z\",\"eventSource\":\"cloudtrail.amazonaws.com\",\"eventName\":\"DescribeTrails\",\"awsRegion\":\"us-east-1\",\"eventID\":\"e3\"}";

        [Fact]
        public void ReadsOneDeniedEvent()
        {
            var d = AccessErrorResolver.Default.Resolve(DeniedEvent).Single();

            Assert.Equal(DiagnosisKind.NotAuthorized, d.Kind);
            Assert.Equal(PrincipalType.AssumedRole, d.PrincipalType);
            Assert.Equal("Auditor", d.PrincipalName);
            Assert.Equal("ana", d.SessionName);
            Assert.Equal("cloudtrail:GetTrailStatus", d.Action);
            Assert.Equal("GetTrailStatus", d.Operation);
            Assert.Equal("eu-west-1", d.Region);
            Assert.Equal("e1", d.EventId);
            Assert.Equal(new DateTimeOffset(2026, 11, 20, 10, 15, 0, TimeSpan.Zero), d.EventTime);
            Assert.Equal(DenialType.Implicit, d.DenialType);
        }

        [Fact]
        public void TakesActionAndPrincipalFromTheEventWhenTheMessageLacksThem()
        {
            var d = AccessErrorResolver.Default.Resolve(DeniedEventWithoutMessageDetails).Single();

            Assert.True(d.Recognized);
            Assert.Equal("cloudtrail:DescribeTrails", d.Action);
            Assert.Equal("arn:aws:iam::123456789012:user/bob", d.PrincipalArn);
            Assert.Equal("bob", d.PrincipalName);
            Assert.Equal("AccessDenied", d.ErrorCode);
        }

        [Fact]
        public void ALogFileGivesOneDiagnosisPerDeniedEvent()
        {
            string log = "{\"Records\":[" + DeniedEvent + "," + SuccessfulEvent + "," + DeniedEventWithoutMessageDetails + "]}";

            var results = AccessErrorResolver.Default.Resolve(log, "log");

            Assert.Equal(2, results.Count);
            Assert.Equal(new[] { "e1", "e2" }, results.Select(r => r.EventId));
            Assert.Equal(new[] { "log#0", "log#2" }, results.Select(r => r.Source));
        }

        [Fact]
        public void ALogWithoutDenialsSaysSo()
        {
            var d = AccessErrorResolver.Default.Resolve("{\"Records\":[" + SuccessfulEvent + "]}").Single();

            Assert.False(d.Recognized);
            Assert.Contains("1 record", d.Cause);
        }

        [Fact]
        public void ASuccessfulEventIsUnrecognizedWithTheReason()
        {
            var d = AccessErrorResolver.Default.Resolve(SuccessfulEvent).Single();

            Assert.False(d.Recognized);
            Assert.Contains("succeeded", d.Cause);
        }

        [Fact]
        public void ReadsGzipLogFiles()
        {
            string path = Path.Combine(Path.GetTempPath(), "ctit-" + Guid.NewGuid().ToString("N") + ".json.gz");
            try
            {
                using (var file = File.Create(path))
                using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
                {
                    byte[] bytes = Encoding.UTF8.GetBytes("{\"Records\":[" + DeniedEvent + "]}");
                    gzip.Write(bytes, 0, bytes.Length);
                }

                var d = AccessErrorResolver.Default.ResolveFile(path).Single().Diagnosis!;

                Assert.Equal("cloudtrail:GetTrailStatus", d.Action);
                Assert.Equal(path + "#0", d.Source);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Theory]
        [InlineData("not gzip at all", ".json.gz", "gzip data is corrupt")]
        [InlineData("{\"Records\": [", ".json", "invalid or truncated")]
        [InlineData("", ".json", "holds no JSON")]
        public void BadFilesGiveAProblemNamingTheFile(string content, string extension, string expected)
        {
            string path = Path.Combine(Path.GetTempPath(), "ctit-" + Guid.NewGuid().ToString("N") + extension);
            File.WriteAllText(path, content);
            try
            {
                var problem = Assert.Single(AccessErrorResolver.Default.ResolveFile(path)).Problem!;

                Assert.Equal(path, problem.Path);
                Assert.Contains(expected, problem.Message);
            }
            finally
            {
                File.Delete(path);
            }
        }

        [Fact]
        public void MissingFilesGiveATypedError()
        {
            var failure = Assert.Throws<InvalidInputException>(() => AccessErrorResolver.Default.ResolveFile("/nonexistent/ctit.json"));
            Assert.Contains("does not exist", failure.Message);
        }

        [Fact]
        public void WalksInnerExceptionsToTheServiceErrorCode()
        {
            var service = new AmazonServiceException("User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:DescribeTrails because no identity-based policy allows the cloudtrail:DescribeTrails action")
            {
                ErrorCode = "AccessDeniedException",
            };
            var wrapped = new InvalidOperationException(service.Message, service);

            var d = AccessErrorResolver.Default.ResolveException(wrapped, "ErrorRecord", "Get-CTTrail");

            Assert.Equal("AccessDeniedException", d.ErrorCode);
            Assert.Equal("cloudtrail:DescribeTrails", d.Action);
            Assert.Equal("Get-CTTrail", d.Operation);
            Assert.Equal("ErrorRecord", d.Source);
        }

        [Fact]
        public void UsesTheServiceErrorCodeWhenTheMessageIsVague()
        {
            var service = new AmazonServiceException("The management account does not have a service-linked role.") { ErrorCode = "NoManagementAccountSLRExistsException" };

            var d = AccessErrorResolver.Default.ResolveException(new AggregateException(service));

            Assert.Equal(DiagnosisKind.ServiceLinkedRoleMissing, d.Kind);
        }

        [Fact]
        public void ReadsThisProjectsOwnServiceCallExceptions()
        {
            var failure = new CloudTrailIamTools.Core.Aws.AwsServiceCallException(
                CloudTrailIamTools.Core.Aws.AwsService.CloudTrail, "GetTrailStatus", "AccessDeniedException",
                "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail",
                "req-1", System.Net.HttpStatusCode.BadRequest, "An error occurred (AccessDeniedException) when calling the CloudTrail GetTrailStatus operation: ...", null);

            var d = AccessErrorResolver.Default.ResolveException(failure);

            Assert.Equal("GetTrailStatus", d.Operation);
            Assert.Equal("AccessDeniedException", d.ErrorCode);
            Assert.Equal("My-Trail", d.Resource);
        }

        [Fact]
        public void NullExceptionIsUnrecognized()
        {
            Assert.False(AccessErrorResolver.Default.ResolveException(null).Recognized);
        }
    }
}
