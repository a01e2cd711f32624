using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using CloudTrailIamTools.Core.AccessDenied;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.Tests.AccessDenied
{
    /// <summary>
    /// Skimming (records found by their braces, only possible denials tokenized) must give exactly what reading every
    /// record token by token gives: the same events in the same order per file, the same counts, the same problems with
    /// the same messages, whatever the buffer size and however the JSON is laid out or broken.
    /// </summary>
    public sealed class SkimmingScanTests : IDisposable
    {
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        private readonly CloudTrailLogFactory logs = new CloudTrailLogFactory();

        public void Dispose() => logs.Dispose();

        public static IEnumerable<object[]> Layouts()
        {
            string denied = Denied(1);
            string success = CloudTrailLogFactory.Success(2, T0);
            yield return new object[] { "plain", CloudTrailLogFactory.Log(new[] { success, denied, Denied(3), success }) };
            yield return new object[] { "pretty", "{\n  \"Records\" : [\n    " + denied + " ,\n\t" + success + "\r\n  ]\n}\n" };
            yield return new object[] { "escaped name", CloudTrailLogFactory.Log(new[] { denied.Replace("\"errorCode\"", "\"\\u0065rrorCode\""), success }) };
            yield return new object[] { "escaped code", CloudTrailLogFactory.Log(new[] { denied.Replace("\"AccessDenied\"", "\"Access\\u0044enied\"") }) };
            yield return new object[] { "code only nested", CloudTrailLogFactory.Log(new[] { success, success }) };
            yield return new object[] { "braces in strings", CloudTrailLogFactory.Log(new[] { denied.Replace("\"main\"", "\"}{ \\\"}\\\\\"") }) };
            yield return new object[] { "code as a value", CloudTrailLogFactory.Log(new[] { success.Replace("\"main\"", "\"errorCode\"") }) };
            yield return new object[] { "other properties", "{\"before\":{\"Records\":[" + denied + "]},\"Records\":[" + denied + "],\"after\":[1,{\"x\":\"]\"}]}" };
            yield return new object[] { "empty", "{\"Records\":[]}" };
            yield return new object[] { "array and scalars in Records", CloudTrailLogFactory.Log(new[] { "[" + denied + "]", "7", "\"s\"", "null", denied }) };
            yield return new object[] { "two Records arrays", "{\"Records\":[" + denied + "],\"Records\":[" + Denied(4) + "]}" };
            yield return new object[] { "trailing comma", "{\"Records\":[" + denied + ",]}" };
            yield return new object[] { "missing comma", "{\"Records\":[" + denied + " " + denied + "]}" };
            yield return new object[] { "bad denial", CloudTrailLogFactory.Log(new[] { denied, denied.Replace("\"AccessDenied\",", "\"AccessDenied\" ") }) };
            yield return new object[] { "trailing garbage", CloudTrailLogFactory.Log(new[] { denied }) + " x" };
            yield return new object[] { "not a log", "{\"records\":[" + denied + "]}" };
            yield return new object[] { "Records not an array", "{\"Records\":{}}" };
            yield return new object[] { "unbalanced", "{\"Records\":[" + denied.Substring(0, denied.Length - 1) + "]}" };
        }

        [Theory]
        [MemberData(nameof(Layouts))]
        public void SkimmingFindsWhatTheFullReaderFinds(string layout, string json)
        {
            logs.Write("plain/log.json", json);
            logs.WriteBytes("gz/log.json.gz", CloudTrailLogFactory.Gzip(json));

            foreach (int bufferSize in new[] { 16, 61, 256, 4096, 256 * 1024 })
            {
                Assert.True(Describe(Scan(bufferSize, skim: false)) == Describe(Scan(bufferSize, skim: true)), layout + ", buffer " + bufferSize);
            }
        }

        [Fact]
        public void EveryCutOfALogGivesTheSameEventsAndProblem()
        {
            string json = CloudTrailLogFactory.Log(new[] { Denied(1), CloudTrailLogFactory.Success(2, T0), Denied(3) });
            for (int cut = 0; cut < json.Length; cut += 7)
            {
                logs.Write("cut/log.json", json.Substring(0, cut));
                Assert.True(Describe(Scan(64, skim: false)) == Describe(Scan(64, skim: true)), "cut at " + cut);
            }
        }

        [Fact]
        public void ATimeWindowAppliesAsBefore()
        {
            logs.Write("w/log.json", CloudTrailLogFactory.Log(Enumerable.Range(0, 20).Select(Denied)));
            var filter = new AccessDeniedFilter(startTime: T0.AddMinutes(5), endTime: T0.AddMinutes(12));
            string full = Describe(Scan(256, skim: false, filter));
            Assert.Equal(full, Describe(Scan(256, skim: true, filter)));
            Assert.Contains("events 8,", full, StringComparison.Ordinal);
        }

        [Fact]
        public void ManyFilesOnTwoReadersGiveTheSameEventsPerFile()
        {
            var random = new Random(7);
            for (int f = 0; f < 12; f++)
            {
                var records = Enumerable.Range(0, 40).Select(i => random.Next(10) == 0 ? Denied(i) : CloudTrailLogFactory.Success(i, T0));
                logs.WriteBytes("many/" + f + ".json.gz", CloudTrailLogFactory.Gzip(CloudTrailLogFactory.Log(records)));
            }

            Assert.Equal(Describe(Scan(512, skim: false)), Describe(Scan(512, skim: true)));
        }

        private static string Denied(int i) => CloudTrailLogFactory.Record(
            "arn:aws:iam::111122223333:user/u" + (i % 3), "cloudtrail.amazonaws.com", "GetTrailStatus", T0.AddMinutes(i), "AccessDenied",
            "User: arn:aws:iam::111122223333:user/u" + (i % 3) + " is not authorized to perform: cloudtrail:GetTrailStatus on resource: t" + i);

        private List<AccessDeniedScanItem> Scan(int bufferSize, bool skim, AccessDeniedFilter? filter = null)
        {
            var scanner = new AccessDeniedScanner(filter, null, bufferSize) { SkimRecords = skim, MaxParallelism = 2 };
            List<AccessDeniedScanItem> items = scanner.ScanPaths(new[] { logs.Root }).ToList();
            items.Add(AccessDeniedScanItem.Of(new LogFileProblem(
                "(counts)", LogFileProblemKind.Skipped, "records " + scanner.RecordsRead + ", events " + scanner.DeniedEvents + ", problems " + scanner.Problems + ", files " + scanner.FilesRead)));
            return items;
        }

        /// <summary>Per file in order (files interleave on two readers), then the counters.</summary>
        private static string Describe(List<AccessDeniedScanItem> items)
        {
            var text = new StringBuilder();
            foreach (IGrouping<string, string> file in items
                .Select(item => item.Event is AccessDeniedEvent e
                    ? (File: FileOf(e.Source), Line: e.Source + " " + e.ErrorCode + " " + e.PrincipalArn + " " + e.Action + " " + e.Resource + " " + e.EventTime?.ToString("o"))
                    : (File: FileOf(item.Problem!.Path), Line: item.Problem!.Path + " " + item.Problem.Kind + " " + item.Problem.Message))
                .GroupBy(x => x.File, x => x.Line)
                .OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                text.Append(file.Key).Append(":\n  ").Append(string.Join("\n  ", file)).Append('\n');
            }

            return text.ToString();
        }

        private static string FileOf(string source)
        {
            int hash = source.LastIndexOf('#');
            return hash < 0 ? source : source.Substring(0, hash);
        }
    }
}
