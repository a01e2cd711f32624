using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Evaluation;
using static CloudTrailIamTools.Core.Tests.Evaluation.BatchContextTests;
using static CloudTrailIamTools.Core.Tests.Evaluation.BatchParallelOutputTests;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// The fast path matches property names in place, without regard to case, as the full reader does: any casing
    /// of a name reads as that property, and a name that is none (a near miss, a look-alike letter) is read as
    /// the full reader reads it (an unknown property) rather than taken for another.
    /// </summary>
    public sealed class BatchPropertyCaseTests
    {
        private const string Context = "{\"aws:SourceIp\":\"203.0.113.7\",\"n\":0,\"b\":true}"; // in the policy's range

        private static readonly string[] Names =
        {
            "Action", "Principal", "Resource", "ResourceAccount", "Context", "IdentityPolicies", "PermissionsBoundary", "SessionPolicy",
            "ResourcePolicy", "VpcEndpointPolicy", "ServiceControlPolicies", "ResourceControlPolicies", "ManagementAccountId",
        };

        [Theory]
        [InlineData("lower")]
        [InlineData("upper")]
        [InlineData("mixed")]
        public void EveryPropertyNameInAnyCasingReadsAsThatProperty(string casing)
        {
            string canonical = Request(name => name);
            string cased = Request(name => Cased(name, casing));
            var reader = new EvaluationRequestReader();
            string expected = EvaluationResultWriter.ToJson(PolicyEvaluator.Evaluate(reader.Parse(canonical), MixedBatch.Options));
            Assert.Contains("\"Decision\":\"Allowed\"", expected, StringComparison.Ordinal);

            EvaluationRequest? fast = FastRequestScanner.TryParse(cased, reader);

            Assert.NotNull(fast);
            Assert.Equal(expected, EvaluationResultWriter.ToJson(PolicyEvaluator.Evaluate(fast!, MixedBatch.Options)));
            Assert.Equal("111122223333", fast!.ResourceAccount);
            Assert.Equal("111122223333", fast.ManagementAccountId);
            Assert.Equal(new[] { "203.0.113.7" }, fast.Context!["AWS:SOURCEIP"]);
            Assert.Equal(expected, FullReaderResult(cased));
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void TheBatchAnswersEveryCasingAsTheCanonicalOne(int degree)
        {
            string[] lines = Enumerable.Range(0, 40)
                .Select(i => Request(name => i % 4 == 0 ? name : Cased(name, i % 4 == 1 ? "lower" : i % 4 == 2 ? "upper" : "mixed")))
                .ToArray();
            var output = new StringWriter { NewLine = "\n" };

            BatchSummary summary = RunWithin(() => new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree }.Run(new StringReader(string.Join("\n", lines)), output));

            string expected = FullReaderResult(lines[0]);
            Assert.All(output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), line => Assert.Equal(expected, line));
            Assert.Equal(lines.Length, summary.Allowed);
        }

        [Theory]
        [InlineData("Actions")]
        [InlineData("Actio")]
        [InlineData("Acti\u00F3n")] // ó
        [InlineData("\u0391ction")] // Greek capital alpha
        [InlineData("Act\u0131on")] // dotless ı
        [InlineData("ACT\u0130ON")] // dotted İ
        [InlineData("Re\u017Fource")] // long ſ, whose upper case is S
        [InlineData("Action ")]
        [InlineData("\u212Aontext")] // Kelvin sign, whose lower case is k
        public void ANameThatIsNoPropertyIsReadAsTheFullReaderReadsIt(string name)
        {
            string line = "{\"Action\":\"s3:GetObject\",\"Principal\":\"" + Kit.User + "\",\"IdentityPolicies\":[" + MixedBatch.Policy + "],\"" + name + "\":\"x\"}";
            var reader = new EvaluationRequestReader();
            reader.Parse("{\"Action\":\"s3:GetObject\",\"Principal\":\"" + Kit.User + "\",\"IdentityPolicies\":[" + MixedBatch.Policy + "]}"); // the policy is cached

            EvaluationRequest? fast = FastRequestScanner.TryParse(line, reader);
            string fullReader;
            try
            {
                fullReader = FullReaderResult(line);
            }
            catch (InvalidInputException unknown)
            {
                Assert.Null(fast); // the full reader refuses the name: the fast path must not read it as something
                Assert.Equal(name, unknown.Location);
                string batch = new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = 1 }.ProcessLine(line, 1);
                using JsonDocument error = JsonDocument.Parse(batch);
                Assert.Equal(name, error.RootElement.GetProperty("Location").GetString());
                return;
            }

            // A name the full reader takes for a property (by the comparer's case folding) reads the same on both paths.
            Assert.NotNull(fast);
            Assert.Equal(fullReader, EvaluationResultWriter.ToJson(PolicyEvaluator.Evaluate(fast!, MixedBatch.Options)));
        }

        private static string Request(Func<string, string> name)
        {
            string policy = MixedBatch.Policy;
            string allowAll = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
            string trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"*\",\"Resource\":\"*\"}]}";
            var properties = new[]
            {
                (Names[0], "\"s3:GetObject\""),
                (Names[1], "\"" + Kit.User + "\""),
                (Names[2], "\"arn:aws:s3:::données/k\""),
                (Names[3], "\"111122223333\""),
                (Names[4], Context),
                (Names[5], "[" + policy + "]"),
                (Names[6], allowAll),
                (Names[7], allowAll),
                (Names[8], trust),
                (Names[9], trust),
                (Names[10], "[[" + allowAll + "]]"),
                (Names[11], "[[" + trust + "]]"),
                (Names[12], "\"111122223333\""),
            };
            return "{" + string.Join(",", properties.Select(p => "\"" + name(p.Item1) + "\":" + p.Item2)) + "}";
        }

        private static string Cased(string name, string casing) => casing switch
        {
            "lower" => name.ToLowerInvariant(),
            "upper" => name.ToUpperInvariant(),
            _ => new string(name.Select((c, i) => i % 2 == 0 ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c)).ToArray()),
        };
    }
}
