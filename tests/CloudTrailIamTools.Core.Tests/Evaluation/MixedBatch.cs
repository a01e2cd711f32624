using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using CloudTrailIamTools.Benchmarks;
using CloudTrailIamTools.Core.Evaluation;

namespace CloudTrailIamTools.Core.Tests.Evaluation
{
    /// <summary>
    /// A batch input with everything a line can be: the diverse requests, short requests sharing one cached policy
    /// (some with property names in other casings, some with non-ASCII text), bad JSON, unknown properties, blank
    /// and whitespace-only lines (U+00A0 among them), \n, \r\n and lone \r line ends, two lines over 300,000
    /// characters and a last line without a line end; thousands of lines, so a parallel batch cuts many chunks.
    /// Deterministic. Its expected output is computed line by line with ProcessLine, without the batch's line reader.
    /// </summary>
    internal static class MixedBatch
    {
        public const string Policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Lire\",\"Effect\":\"Allow\",\"Action\":\"s3:Get*\"," +
            "\"Resource\":\"arn:aws:s3:::données/*\",\"Condition\":{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}}]}";

        private static readonly Lazy<MixedBatchInput> Built = new Lazy<MixedBatchInput>(() => Build(4000));

        public static MixedBatchInput Input => Built.Value;

        public static EvaluationOptions Options => ScenarioEvaluator.CatalogOptions;

        public static string Short(int i, bool otherCasing = false)
        {
            string n = i.ToString(CultureInfo.InvariantCulture);
            return "{\"" + (otherCasing ? "action" : "Action") + "\":\"s3:GetObject\",\"" + (otherCasing ? "PRINCIPAL" : "Principal") + "\":\"" + Kit.User +
                "\",\"Resource\":\"arn:aws:s3:::données/日本語/😀-" + n + "\",\"" + (otherCasing ? "identitypolicies" : "IdentityPolicies") + "\":[" + Policy +
                "],\"" + (otherCasing ? "CONTEXT" : "Context") + "\":{\"aws:SourceIp\":\"203.0.113." + (i % 300).ToString(CultureInfo.InvariantCulture) +
                "\",\"n\":" + n + ",\"b\":" + (i % 2 == 0 ? "true" : "false") + ",\"aws:TagKeys\":[\"clé\",\"" + n + "\"]}}";
        }

        private static MixedBatchInput Build(int count)
        {
            var random = new Random(20261206);
            string[] diverse = DiverseRequests.Batch().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string[] bad =
            {
                "{\"Action\":\"s3:GetObject\",\"Principal\":",
                "not json — ü",
                "{\"Action\":\"s3:GetObject\",\"Principal\":\"" + Kit.User + "\",\"Ünknown\":1,\"IdentityPolicies\":[" + Policy + "]}",
                "{\"Action\":\"s3:GetObject\",\"Principal\":\"" + Kit.User + "\",\"Extra\":\"x\"}",
                "{\"Action\":\"s3:GetObject\"}",
                "[]",
                "\u00A0{\"Action\":\"s3:GetObject\",\"Principal\":\"" + Kit.User + "\"}",
            };
            string[] blank = { string.Empty, " ", "\t \t", "\u00A0", "\u2003\u00A0 ", "\u0085" };

            var lines = new List<string>(count);
            var errors = new List<long>();
            int nextDiverse = 0;
            for (int i = 0; i < count; i++)
            {
                if (i == 1000)
                {
                    // Longer than a chunk's text and than a read: a request whose resource is 300,000 characters.
                    lines.Add("{\"Action\":\"s3:GetObject\",\"Principal\":\"" + Kit.User + "\",\"Resource\":\"arn:aws:s3:::données/" +
                        new string('ü', 150_000) + new string('x', 150_000) + "\",\"IdentityPolicies\":[" + Policy + "],\"Context\":{\"aws:SourceIp\":\"203.0.113.9\"}}");
                    continue;
                }

                if (i == 2500)
                {
                    lines.Add("{\"Action\":\"" + new string('a', 320_000)); // as long, and unterminated
                    errors.Add(lines.Count);
                    continue;
                }

                int kind = random.Next(100);
                if (kind < 20)
                {
                    lines.Add(diverse[nextDiverse++ % diverse.Length]);
                }
                else if (kind < 60)
                {
                    lines.Add(Short(i));
                }
                else if (kind < 68)
                {
                    lines.Add(Short(i, otherCasing: true));
                }
                else if (kind < 78)
                {
                    lines.Add(bad[random.Next(bad.Length)]);
                    errors.Add(lines.Count);
                }
                else
                {
                    lines.Add(blank[random.Next(blank.Length)]);
                }
            }

            lines.Add(Short(count)); // the last line has no line end

            var text = new StringBuilder(lines.Sum(l => l.Length + 2));
            string[] ends = { "\n", "\r\n", "\r" };
            for (int i = 0; i < lines.Count; i++)
            {
                text.Append(lines[i]);
                if (i < lines.Count - 1)
                {
                    string end = ends[random.Next(ends.Length)];

                    // A lone \r before an empty line would make \r\n of the two: one line end, one line fewer.
                    text.Append(end == "\r" && lines[i + 1].Length == 0 ? "\r\n" : end);
                }
            }

            return new MixedBatchInput(text.ToString(), lines.ToArray(), errors.ToArray());
        }
    }
}
