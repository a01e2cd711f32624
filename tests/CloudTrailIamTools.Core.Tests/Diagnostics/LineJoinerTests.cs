using System.Linq;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Tests.Diagnostics
{
    /// <summary>Text that arrives line by line (Get-Content, standard input, 2>&amp;1) gives one input per message.</summary>
    public sealed class LineJoinerTests
    {
        [Fact]
        public void ContinuationLinesJoinTheirMessage()
        {
            var inputs = AccessErrorLineJoiner.Split(
                "User:\narn:aws:iam::111122223333:user/mateo is not authorized to perform:\ncloudtrail:CreateTrail with\nan explicit deny in a service control policy");

            var d = AccessErrorResolver.Default.Resolve(Assert.Single(inputs)).Single();
            Assert.Equal("arn:aws:iam::111122223333:user/mateo", d.PrincipalArn);
            Assert.Equal("cloudtrail:CreateTrail", d.Action);
            Assert.Equal(PolicyType.ServiceControl, d.PolicyType);
        }

        [Fact]
        public void ARecognisedOpeningAfterACompleteMessageStartsTheNext()
        {
            var inputs = AccessErrorLineJoiner.Split(
                "An error occurred (AccessDenied) when calling the GetObject operation: Access Denied\n" +
                "An error occurred (AccessDeniedException) when calling the CreateTrail operation:\n" +
                "User: arn:aws:iam::111122223333:user/mateo is not authorized to perform: cloudtrail:CreateTrail\n" +
                "Get-CTTrailStatus : User: arn:aws:iam::111122223333:user/ana is not authorized to perform: cloudtrail:GetTrailStatus\n" +
                "At line:1 char:1\n+ Get-CTTrailStatus -Name t\n    + CategoryInfo          : InvalidOperation: (...) [Get-CTTrailStatus], InvalidOperationException\n" +
                "AccessDeniedException: User: arn:aws:iam::111122223333:user/ops is not authorized to perform: cloudtrail:StopLogging");

            Assert.Equal(4, inputs.Count);
            var actions = inputs.Select(i => AccessErrorResolver.Default.Resolve(i).Single().Action).ToArray();
            Assert.Equal(new[] { "s3:GetObject", "cloudtrail:CreateTrail", "cloudtrail:GetTrailStatus", "cloudtrail:StopLogging" }, actions);
        }

        [Fact]
        public void ABlankLineEndsAMessageAndBlankLinesProduceNothing()
        {
            var joiner = new AccessErrorLineJoiner();

            Assert.Empty(joiner.Add(""));
            Assert.Empty(joiner.Add("   "));
            Assert.Empty(joiner.Add("Access Denied"));
            Assert.Equal(new[] { "Access Denied" }, joiner.Add(""));
            Assert.Empty(joiner.Add("\t"));
            Assert.Null(joiner.Complete());
        }

        [Fact]
        public void AJsonValueSpanningLinesIsOneInputAndBracesInStringsDoNotCount()
        {
            var inputs = AccessErrorLineJoiner.Split(
                "{\n  \"eventSource\": \"cloudtrail.amazonaws.com\",\n  \"eventName\": \"DescribeTrails\",\n  \"errorCode\": \"AccessDenied\",\n" +
                "  \"errorMessage\": \"a } \\\" { text\",\n  \"userIdentity\": {\n    \"arn\": \"arn:aws:iam::111122223333:user/bob\"\n  }\n}\n" +
                "{\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"errorCode\":\"AccessDenied\"}\n" +
                "User: arn:aws:iam::111122223333:user/ana is not authorized to perform: cloudtrail:GetTrail");

            Assert.Equal(3, inputs.Count);
            Assert.Equal("cloudtrail:DescribeTrails", AccessErrorResolver.Default.Resolve(inputs[0]).Single().Action);
            Assert.Equal("s3:GetObject", AccessErrorResolver.Default.Resolve(inputs[1]).Single().Action);
            Assert.Equal("cloudtrail:GetTrail", AccessErrorResolver.Default.Resolve(inputs[2]).Single().Action);
        }

        [Fact]
        public void AwsCliV2ErrorLinesFollowingEachOtherAreTwoMessages()
        {
            var inputs = AccessErrorLineJoiner.Split(
                "aws: [ERROR]: An error occurred (AccessDeniedException) when calling the GetTrailStatus operation: Access Denied\n" +
                "aws: [ERROR]: An error occurred (AccessDeniedException) when calling the StartLogging operation: Access Denied\n");

            Assert.Equal(2, inputs.Count);
            Assert.Equal("StartLogging", AccessErrorResolver.Default.Resolve(inputs[1]).Single().Operation);
        }

        [Fact]
        public void APythonTracebackIsOneMessage()
        {
            var inputs = AccessErrorLineJoiner.Split(
                "Traceback (most recent call last):\n  File \"x.py\", line 3, in <module>\n    ct.create_trail(Name=\"t\")\n" +
                "botocore.exceptions.ClientError: An error occurred (AccessDeniedException) when calling the CreateTrail operation: User: arn:aws:iam::111122223333:user/ci is not authorized to perform: cloudtrail:CreateTrail");

            var d = AccessErrorResolver.Default.Resolve(Assert.Single(inputs)).Single();
            Assert.Equal("CreateTrail", d.Operation);
            Assert.Equal("arn:aws:iam::111122223333:user/ci", d.PrincipalArn);
        }

        [Fact]
        public void TerraformBoxesAreOneMessageEach()
        {
            const string Box =
                "\u2577\n\u2502 Error: creating CloudTrail Trail (t): operation error CloudTrail: CreateTrail, https response error StatusCode: 400, RequestID: r, api error AccessDeniedException: User: arn:aws:iam::111122223333:user/tf is not authorized to perform: cloudtrail:CreateTrail\n" +
                "\u2502 \n\u2502   with aws_cloudtrail.t,\n\u2502   on main.tf line 1, in resource \"aws_cloudtrail\" \"t\":\n\u2502    1: resource \"aws_cloudtrail\" \"t\" {\n\u2502 \n\u2575\n";

            var inputs = AccessErrorLineJoiner.Split(Box + Box);

            Assert.Equal(2, inputs.Count);
            Assert.All(inputs, i => Assert.Equal("cloudtrail:CreateTrail", AccessErrorResolver.Default.Resolve(i).Single().Action));
        }
    }
}
