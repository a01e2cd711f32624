using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Evaluation;
using static CloudTrailIamTools.Core.Tests.Evaluation.BatchParallelOutputTests;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// The batch's fast path builds a request's Context as the engine's own table. It must hold what the full
    /// reader's dictionary holds (keys matched without regard to case, the last of duplicate keys winning under the
    /// first one's spelling, several values, numbers and booleans as written), look the same through
    /// IReadOnlyDictionary, stay as it was after evaluation, and give the same result line.
    /// </summary>
    public sealed class BatchContextTests
    {
        private const string Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[" +
            "{\"Sid\":\"Ip\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"198.51.100.0/24\"}}}," +
            "{\"Sid\":\"Num\",\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\",\"Condition\":{\"NumericLessThan\":{\"n\":\"1\"}}}," +
            "{\"Sid\":\"Bool\",\"Effect\":\"Allow\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"*\",\"Condition\":{\"Bool\":{\"b\":\"true\"}}}," +
            "{\"Sid\":\"Tags\",\"Effect\":\"Allow\",\"Action\":\"s3:ListBucket\",\"Resource\":\"*\",\"Condition\":{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\",\"1\",\"true\"]}}}," +
            "{\"Sid\":\"Clé\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObjectTagging\",\"Resource\":\"*\",\"Condition\":{\"StringLike\":{\"ü-clé\":\"v*\"}}}," +
            "{\"Sid\":\"Name\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObjectAcl\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"aws:username\":\"bob\"}}}," +
            "{\"Sid\":\"Stage\",\"Effect\":\"Deny\",\"Action\":\"s3:*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"Stage\":\"prod\"}}}]}";

        private static readonly string[] Actions = { "s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket", "s3:GetObjectTagging", "s3:GetObjectAcl" };

        private static readonly string[] ContextTexts =
        {
            "{\"AWS:SOURCEIP\":\"203.0.113.1\",\"aws:SourceIp\":\"198.51.100.7\",\"n\":-1.5e3,\"b\":true,\"aws:TagKeys\":[\"a\",\"b\",1,true],\"Stage\":[\"dev\",\"PROD\"]}",
            "{\"aws:sourceip\":[\"198.51.100.7\",\"203.0.113.1\"],\"N\":12345678901234567890,\"B\":false,\"aws:tagkeys\":[],\"stage\":\"prod\",\"Stage\":\"dev\"}",
            "{\"aws:TagKeys\":[\"a\"],\"aws:TAGKEYS\":\"c\",\"n\":0.5e-3,\"b\":\"TRUE\",\"ü-clé\":\"välue\",\"Ü-CLÉ\":[\"välue\",\"other\"]}",
            "{\"x\":1,\"X\":[1,2],\"x \":3,\"n\":[0,2],\"b\":[true,false],\"aws:SourceIp\":[]}",
            "{\"AWS:USERNAME\":\"bob\",\"aws:PrincipalArn\":[\"arn:aws:iam::111122223333:user/bob\"]}", // supplied keys win over derived ones
            "{\"\u212A\":\"kelvin\",\"k\":\"b\",\"K\":\"c\",\"\u017F\":\"long s\",\"s\":\"e\",\"S\":[\"f\"],\"\u0130\":\"i\",\"i\":\"j\"}", // letters whose case folding is not ASCII's
            "{" + string.Join(",", Enumerable.Range(0, 40).Select(i => "\"key" + i + "\":\"" + i + "\"")) + ",\"KEY5\":\"five\",\"Key39\":[]}", // more keys than a table starts with
            "{}",
        };

        public static TheoryData<string> Contexts => new TheoryData<string>(ContextTexts);

        [Theory]
        [MemberData(nameof(Contexts))]
        public void TheFastPathsContextIsTheFullReadersDictionary(string context)
        {
            foreach (string action in Actions)
            {
                string line = Line(action, context);
                var reader = new EvaluationRequestReader();
                EvaluationRequest full = reader.Parse(line); // first sight: the full reader, which fills the cache
                EvaluationRequest? fast = FastRequestScanner.TryParse(line, reader);
                Assert.NotNull(fast);

                AssertSameContext(full.Context, fast!.Context);

                string before = Describe(fast.Context);
                EvaluationResult first = PolicyEvaluator.Evaluate(fast, MixedBatch.Options);
                EvaluationResult again = PolicyEvaluator.Evaluate(fast, MixedBatch.Options);
                Assert.Equal(before, Describe(fast.Context)); // evaluating adds nothing to the table and changes nothing in it
                Assert.Equal(EvaluationResultWriter.ToJson(first), EvaluationResultWriter.ToJson(again));
                Assert.Equal(EvaluationResultWriter.ToJson(PolicyEvaluator.Evaluate(full, MixedBatch.Options)), EvaluationResultWriter.ToJson(first));
            }
        }

        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        [InlineData(4)]
        public void TheBatchGivesTheResultLineOfTheFullReader(int degree)
        {
            // Each line three times: the first is read by the full reader, the others by the fast path; several
            // contexts share pooled values ("198.51.100.7", "dev", true), read as addresses, strings and booleans.
            var lines = new List<string>();
            foreach (string context in ContextTexts)
            {
                foreach (string action in Actions)
                {
                    lines.Add(Line(action, context));
                }
            }

            string[] batch = lines.Concat(lines).Concat(lines).ToArray();
            var output = new StringWriter { NewLine = "\n" };
            BatchSummary summary = RunWithin(() => new EvaluationBatchProcessor(MixedBatch.Options) { MaxDegreeOfParallelism = degree }.Run(new StringReader(string.Join("\n", batch)), output));

            string[] written = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(batch.Length, written.Length);
            for (int i = 0; i < batch.Length; i++)
            {
                Assert.Equal(FullReaderResult(batch[i]), written[i]);
            }

            Assert.Equal(0, summary.Errors);
            Assert.InRange(summary.Allowed, 3, batch.Length - 3); // the contexts decide: some allowed, some denied
        }

        [Fact]
        public void TheContextsDecideAsTheirLastDuplicateSays()
        {
            // The full reader's own answers, pinned so both paths cannot drift together unnoticed.
            string[] contexts = ContextTexts;
            Assert.Equal("Allowed", Decision(FullReaderResult(Line("s3:GetObject", contexts[0])))); // the later 198.51.100.7 wins
            Assert.Equal("Allowed", Decision(FullReaderResult(Line("s3:PutObject", contexts[0])))); // -1.5e3 < 1
            Assert.Equal("Allowed", Decision(FullReaderResult(Line("s3:ListBucket", contexts[0])))); // 1 and true as "1" and "true"
            Assert.Equal("Allowed", Decision(FullReaderResult(Line("s3:GetObject", contexts[1])))); // any of two addresses
            Assert.Equal("ImplicitDeny", Decision(FullReaderResult(Line("s3:DeleteObject", contexts[1]))));
            Assert.Equal("ImplicitDeny", Decision(FullReaderResult(Line("s3:ListBucket", contexts[2])))); // "c" replaced ["a"]
            Assert.Equal("Allowed", Decision(FullReaderResult(Line("s3:GetObjectTagging", contexts[2]))));
            Assert.Equal("ImplicitDeny", Decision(FullReaderResult(Line("s3:GetObject", contexts[3])))); // no address at all
            Assert.Equal("Allowed", Decision(FullReaderResult(Line("s3:GetObjectAcl", contexts[4])))); // alice's request, but the supplied user name wins
            Assert.Equal("ImplicitDeny", Decision(FullReaderResult(Line("s3:GetObjectAcl", contexts[^1])))); // no context: alice is no bob
        }

        internal static string Line(string action, string context) =>
            "{\"Action\":\"" + action + "\",\"Principal\":\"" + Kit.User + "\",\"Resource\":\"arn:aws:s3:::logs-bucket/k\",\"IdentityPolicies\":[" + Policy + "],\"Context\":" + context + "}";

        /// <summary>The result line as the full reader (no fast path) and the engine give it.</summary>
        internal static string FullReaderResult(string line)
        {
            using JsonDocument document = JsonDocument.Parse(line);
            return EvaluationResultWriter.ToJson(PolicyEvaluator.Evaluate(new EvaluationRequestReader().Read(document.RootElement), MixedBatch.Options));
        }

        private static string Decision(string result)
        {
            using JsonDocument document = JsonDocument.Parse(result);
            return document.RootElement.GetProperty("Decision").GetString()!;
        }

        private static void AssertSameContext(IReadOnlyDictionary<string, IReadOnlyList<string>>? full, IReadOnlyDictionary<string, IReadOnlyList<string>>? fast)
        {
            Assert.NotNull(full);
            Assert.NotNull(fast);
            Assert.Equal(full!.Count, fast!.Count);
            Assert.Equal(full.Keys.ToArray(), fast.Keys.ToArray()); // same spellings, same order
            Assert.Equal(Describe(full), Describe(fast));
            Assert.Equal(full.Values.Select(v => string.Join("|", v)), fast.Values.Select(v => string.Join("|", v)));
            Assert.Equal(full.Count, fast.Count()); // enumerating yields Count pairs

            foreach (string key in full.Keys)
            {
                foreach (string spelling in new[] { key, key.ToUpperInvariant(), key.ToLowerInvariant() })
                {
                    Assert.True(fast.ContainsKey(spelling), spelling);
                    Assert.True(full.TryGetValue(spelling, out IReadOnlyList<string>? expected));
                    Assert.True(fast.TryGetValue(spelling, out IReadOnlyList<string>? actual), spelling);
                    Assert.Equal(expected!.ToArray(), actual!.ToArray());
                    Assert.Equal(full[spelling].ToArray(), fast[spelling].ToArray());
                    Assert.Equal(expected!.Count, actual.Count);
                }
            }

            foreach (string absent in new[] { "aws:Absent", "x  ", string.Empty })
            {
                Assert.Equal(full.ContainsKey(absent), fast.ContainsKey(absent));
                Assert.Equal(full.TryGetValue(absent, out _), fast.TryGetValue(absent, out _));
                if (!full.ContainsKey(absent))
                {
                    Assert.Throws<KeyNotFoundException>(() => fast[absent]);
                }
            }
        }

        /// <summary>The pairs in enumeration order, each value list written out.</summary>
        private static string Describe(IReadOnlyDictionary<string, IReadOnlyList<string>>? context) =>
            context is null ? "null" : string.Join(";", context.Select(pair => pair.Key + "=" + string.Join("|", pair.Value.Select(v => "[" + v + "]")) + "#" + pair.Value.Count));
    }
}
