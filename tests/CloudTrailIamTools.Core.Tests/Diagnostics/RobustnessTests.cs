using System;
using System.Linq;
using System.Text;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Tests.Diagnostics
{
    /// <summary>The resolver never throws, whatever it is given, and has no super-linear paths.</summary>
    public sealed class RobustnessTests
    {
        private static readonly string[] RealMessages =
        {
            "User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail",
            "An error occurred (AccessDeniedException) when calling the GetTrailStatus operation (reached max retries: 4): User: arn:aws:sts::123456789012:assumed-role/A/b is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/t with an explicit deny in a service control policy: arn:aws:organizations::1:policy/o-1/service_control_policy/p-1",
            "<ErrorResponse><Error><Code>AccessDenied</Code><Message>User: x is not authorized to perform: iam:PassRole</Message></Error></ErrorResponse>",
            EventAndExceptionTests.DeniedEvent,
            "{\"Records\":[" + EventAndExceptionTests.DeniedEvent + "]}",
        };

        [Fact]
        public void EveryTruncationOfRealMessagesIsHandled()
        {
            foreach (string message in RealMessages)
            {
                for (int length = 0; length <= message.Length; length++)
                {
                    var results = AccessErrorResolver.Default.Resolve(message.Substring(0, length));
                    Assert.NotEmpty(results);
                }
            }
        }

        [Fact]
        public void RandomTextIsHandled()
        {
            var random = new Random(20261121);
            const string alphabet = "User: arn:aws:iam::123456789012 is not authorized to perform: on resource: because no with an explicit deny in a policy \"'{}[]<>:,/\n\t*?";
            for (int i = 0; i < 3000; i++)
            {
                var text = new StringBuilder();
                int length = random.Next(0, 300);
                for (int c = 0; c < length; c++)
                {
                    text.Append(random.Next(4) == 0 ? (char)random.Next(0, 0xD7FF) : alphabet[random.Next(alphabet.Length)]);
                }

                var results = AccessErrorResolver.Default.Resolve(text.ToString());
                Assert.NotEmpty(results);
            }
        }

        [Theory]
        [InlineData("User: ")]
        [InlineData("is not authorized to ")]
        [InlineData("An error occurred (")]
        [InlineData("x")]
        [InlineData("Exception")]
        [InlineData("arn:\n")]
        [InlineData("arn:aws:s3:::a-\n")]
        [InlineData("perform: cloudtrail:\n")]
        [InlineData("User:\n")]
        [InlineData("a.bException: ")]
        [InlineData("operation error ")]
        [InlineData("operation error S: Op, api error ")]
        [InlineData("Error: creating ")]
        [InlineData("Resource handler returned message: \"")]
        [InlineData("(Service: x, Status Code: 1")]
        [InlineData(" status code: 1, request id: ")]
        [InlineData("[AccessDenied] ")]
        [InlineData("on resource: \"")]
        [InlineData("\u2502 with a.b,\n")]
        public void OneMegabyteLinesOfRepeatedFragmentsComplete(string fragment)
        {
            string line = string.Concat(Enumerable.Repeat(fragment, (1 << 20) / fragment.Length));

            var results = AccessErrorResolver.Default.Resolve(line);

            Assert.NotEmpty(results);
        }

        [Theory]
        [InlineData("User: arn:aws:iam::1:user/x is not authorized to perform: cloudtrail:GetTrail\n")]
        [InlineData("{\"a\": [\n")]
        [InlineData("\n")]
        [InlineData("arn:\n")]
        public void OneMegabyteOfLinesThroughTheLineJoinerCompletes(string fragment)
        {
            string text = string.Concat(Enumerable.Repeat(fragment, (1 << 20) / fragment.Length));
            var started = System.Diagnostics.Stopwatch.StartNew();

            var inputs = AccessErrorLineJoiner.Split(text);
            foreach (string input in inputs.Take(1000))
            {
                Assert.NotEmpty(AccessErrorResolver.Default.Resolve(input));
            }

            Assert.True(started.Elapsed < TimeSpan.FromSeconds(60), "took " + started.Elapsed);
        }

        [Fact]
        public void AOneMegabyteRealisticLineKeepsItsFacts()
        {
            string padding = new string('a', 1 << 20);
            var d = AccessErrorResolver.Default.Resolve("User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:DescribeTrails on resource: " + padding).Single();

            Assert.Equal("cloudtrail:DescribeTrails", d.Action);
            Assert.Equal(padding.Length, d.Resource!.Length);
        }

        [Fact]
        public void DeeplyNestedJsonIsHandled()
        {
            string json = new string('[', 5000) + new string(']', 5000);

            Assert.False(AccessErrorResolver.Default.Resolve(json).Single().Recognized);
        }
    }
}
