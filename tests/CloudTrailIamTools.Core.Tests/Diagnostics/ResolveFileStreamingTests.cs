using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using CloudTrailIamTools.Core.AccessDenied;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Tests.AccessDenied;

namespace CloudTrailIamTools.Core.Tests.Diagnostics
{
    /// <summary>Resolve's -Path/--path: streamed like the scanner, problems per part of the file, the rest still read.</summary>
    public sealed class ResolveFileStreamingTests : IDisposable
    {
        private const string Ana = "arn:aws:iam::111122223333:user/ana";
        private static readonly DateTimeOffset T0 = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero);

        private readonly CloudTrailLogFactory logs = new CloudTrailLogFactory();

        public void Dispose() => logs.Dispose();

        [Fact]
        public void AHugeLogIsDiagnosedRecordByRecordAsItIsRead()
        {
            const int Records = 50_000;
            var stream = new GeneratedLogStream(Records, i => i % 10 == 3 ? HostileLogInputTests.Denied() : CloudTrailLogFactory.Success(i, T0));

            using IEnumerator<FileDiagnosisItem> items = AccessErrorResolver.Default.ReadFile("big.json", stream, bufferSize: 64 * 1024).GetEnumerator();
            Assert.True(items.MoveNext());

            // The first diagnosis arrives after one buffer, not after the whole (about 25 MB) log.
            Assert.Equal("big.json#3", items.Current.Diagnosis!.Source);
            Assert.True(stream.BytesProduced < 1024 * 1024, stream.BytesProduced + " bytes read before the first result");
            int count = 1;
            while (items.MoveNext())
            {
                Assert.NotNull(items.Current.Diagnosis);
                count++;
            }

            Assert.Equal(Records / 10, count);
        }

        [Fact]
        public void InvalidUtf8InOneRecordIsReportedAndTheOthersDiagnosed()
        {
            string path = logs.WriteBytes("bad.json", HostileLogInputTests.LogWithInvalidUtf8());

            List<FileDiagnosisItem> items = AccessErrorResolver.Default.ResolveFile(path).ToList();

            Assert.Equal(3, items.Count(item => item.Diagnosis?.Recognized == true));
            LogFileProblem problem = Assert.Single(items, item => item.Problem is not null).Problem!;
            Assert.Equal(path + "#1", problem.Path);
            Assert.Contains("not valid UTF-8", problem.Message);
        }

        [Fact]
        public void ARecordOverTheCapIsAProblemAndTheNextLogIsStillRead()
        {
            string huge = CloudTrailLogFactory.Record(Ana, "cloudtrail.amazonaws.com", "GetTrailStatus", T0, "AccessDenied", padding: 200_000);
            string content = CloudTrailLogFactory.Log(new[] { HostileLogInputTests.Denied(), huge }) + "\n" + CloudTrailLogFactory.Log(new[] { HostileLogInputTests.Denied() });

            List<FileDiagnosisItem> items = AccessErrorResolver.Default.ReadFile("f.json", new MemoryStream(Encoding.UTF8.GetBytes(content)), bufferSize: 1024, maxRecordSize: 64 * 1024).ToList();

            Assert.Equal(new[] { "f.json#0", "f.json:2#0" }, items.Where(item => item.Diagnosis is not null).Select(item => item.Diagnosis!.Source));
            LogFileProblem problem = Assert.Single(items, item => item.Problem is not null).Problem!;
            Assert.Equal(("f.json", LogFileProblemKind.RecordTooLarge), (problem.Path, problem.Kind));
            Assert.Contains("larger than", problem.Message);
        }

        [Fact]
        public void JsonLinesOfEventsAndErrorBodiesAreEachDiagnosed()
        {
            string path = logs.Write("events.jsonl", HostileLogInputTests.Denied() + "\n" +
                "{\"__type\":\"AccessDeniedException\",\"message\":\"User: " + Ana + " is not authorized to perform: cloudtrail:CreateTrail\"}\n");

            List<FileDiagnosisItem> items = AccessErrorResolver.Default.ResolveFile(path).ToList();

            Assert.Equal(new[] { path, path + ":2" }, items.Select(item => item.Diagnosis!.Source));
            Assert.Equal(new[] { "cloudtrail:GetTrailStatus", "cloudtrail:CreateTrail" }, items.Select(item => item.Diagnosis!.Action));
        }

        [Fact]
        public void ALogWithNoFailureSaysSoInOneDiagnosis()
        {
            string path = logs.Write("ok.json", CloudTrailLogFactory.Log(new[] { CloudTrailLogFactory.Success(1, T0), CloudTrailLogFactory.Success(2, T0) }));

            AccessErrorDiagnosis only = Assert.Single(AccessErrorResolver.Default.ResolveFile(path)).Diagnosis!;

            Assert.False(only.Recognized);
            Assert.Contains("2 record(s)", only.Cause);
        }

        [Fact]
        public void ResolveTakesCloudTrailPrerequisiteErrorsTheReportLeavesOut()
        {
            // The two predicates, side by side on one log: resolve diagnoses CloudTrail's prerequisite failure, the report does not.
            string slr = CloudTrailLogFactory.Record(Ana, "cloudtrail.amazonaws.com", "CreateTrail", T0, "NoManagementAccountSLRExistsException", "No service-linked role exists.");
            string path = logs.Write("mixed.json", CloudTrailLogFactory.Log(new[] { HostileLogInputTests.Denied(), slr }));

            Assert.Equal(2, AccessErrorResolver.Default.ResolveFile(path).Count(item => item.Diagnosis?.Recognized == true));
            Assert.Single(new AccessDeniedScanner().ScanPaths(new[] { path }));
            Assert.False(AccessDeniedScanner.IsAuthorizationErrorCode("NoManagementAccountSLRExistsException"));
        }

        [Fact]
        public void TextLongerThanAnyErrorMessageIsNotParsedOrEchoed()
        {
            string huge = "User: " + Ana + " is not authorized to perform: cloudtrail:GetTrailStatus on resource: " + new string('x', 5 * 1024 * 1024);

            AccessErrorDiagnosis only = Assert.Single(AccessErrorResolver.Default.Resolve(huge));

            // Before: a 50 MB line took 2.7 GB and came back as a 314 MB line.
            Assert.False(only.Recognized);
            Assert.Null(only.Message);
            Assert.Contains("at most a few KB", only.Cause);
        }
    }
}
