using System.Linq;
using BenchmarkDotNet.Attributes;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>
    /// Target (issue 2): at least 200,000 typical messages per second on one thread, i.e. at most 5 us per
    /// message. Each invocation resolves the whole mix below, so divide the mean by MessagesPerInvocation.
    /// </summary>
    [MemoryDiagnoser]
    public class ResolveBenchmarks
    {
        public const int MessagesPerInvocation = 8;

        private static readonly string[] TypicalMessages =
        {
            "User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetTrailStatus on resource: My-Trail",
            "User: arn:aws:iam::123456789012:user/marymajor is not authorized to perform: iam:PassRole",
            "An error occurred (AccessDeniedException) when calling the DescribeTrails operation: User: arn:aws:sts::123456789012:assumed-role/Auditor/ana is not authorized to perform: cloudtrail:DescribeTrails because no identity-based policy allows the cloudtrail:DescribeTrails action",
            "User: arn:aws:sts::123456789012:assumed-role/Dev/s is not authorized to perform: cloudtrail:StopLogging on resource: arn:aws:cloudtrail:us-east-1:123456789012:trail/org with an explicit deny in a service control policy: arn:aws:organizations::111111111111:policy/o-abc/service_control_policy/p-1",
            "Get-CTTrailStatus: User: arn:aws:iam::123456789012:user/ops/bob is not authorized to perform: cloudtrail:GetTrailStatus on resource: arn:aws:cloudtrail:eu-west-1:123456789012:trail/main because no permissions boundary allows the cloudtrail:GetTrailStatus action",
            "User: arn:aws:iam::123456789012:user/mateojackson is not authorized to perform: cloudtrail:GetWidget on resource: my-example-widget",
            "An error occurred (NoManagementAccountSLRExistsException) when calling the CreateTrail operation: The management account does not have a service-linked role.",
            "Access Denied",
        };

        [GlobalSetup]
        public void Setup()
        {
            // Warm the catalog and the per-action caches: steady state is what a scan of many messages sees.
            foreach (string message in TypicalMessages)
            {
                AccessErrorResolver.Default.Resolve(message);
            }
        }

        [Benchmark(OperationsPerInvoke = MessagesPerInvocation)]
        public int TypicalMessageMix()
        {
            int recognized = 0;
            foreach (string message in TypicalMessages)
            {
                recognized += AccessErrorResolver.Default.ResolveMessage(message).Recognized ? 1 : 0;
            }

            return recognized;
        }
    }

    /// <summary>Time should grow in proportion to LongLineLength: the parser has no super-linear path.</summary>
    public class ResolveScalingBenchmarks
    {
        private string longLine = string.Empty;

        [Params(1_000, 100_000, 1_000_000)]
        public int LongLineLength { get; set; }

        [GlobalSetup]
        public void Setup() =>
            longLine = "User: arn:aws:iam::123456789012:user/ana is not authorized to perform: cloudtrail:DescribeTrails on resource: " + new string('a', LongLineLength);

        [Benchmark]
        public bool LongLine() => AccessErrorResolver.Default.Resolve(longLine).Single().Recognized;
    }
}
