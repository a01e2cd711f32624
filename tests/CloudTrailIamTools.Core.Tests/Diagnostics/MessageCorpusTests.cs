using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using CloudTrailIamTools.Core.Diagnostics;
using Xunit.Abstractions;

namespace CloudTrailIamTools.Core.Tests.Diagnostics
{
    /// <summary>Measures how many corpus messages are read fully right, and each field's rate.</summary>
    public sealed class MessageCorpusTests
    {
        /// <summary>The fully-right rate may only go up; raise it when the parser improves.</summary>
        private const double MinimumFullyRight = 1.0;

        private readonly ITestOutputHelper output;

        public MessageCorpusTests(ITestOutputHelper output)
        {
            this.output = output;
        }

        public static IEnumerable<object[]> FamilyNames() => MessageCorpus.Families.Select(family => new object[] { family });

        /// <summary>One test per family: every message of it is read fully right.</summary>
        [Theory]
        [MemberData(nameof(FamilyNames))]
        public void EveryMessageOfTheFamilyIsReadFullyRight(string family)
        {
            var failures = new List<string>();
            foreach (CorpusEntry entry in MessageCorpus.Load(family))
            {
                IReadOnlyList<AccessErrorDiagnosis> results = AccessErrorResolver.Default.Resolve(entry.Text);
                Assert.Single(results);
                IReadOnlyList<string> wrong = MessageCorpus.Mismatches(entry, results[0]);
                if (wrong.Count > 0)
                {
                    failures.Add(entry.Name + ": " + string.Join("; ", wrong));
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }

        [Fact]
        public void CorpusIsLargeEnoughAndCoversEveryFamily()
        {
            List<CorpusEntry> all = MessageCorpus.Families.SelectMany(MessageCorpus.Load).ToList();

            Assert.True(all.Count >= 150, "the corpus has " + all.Count + " messages");
            Assert.True(MessageCorpus.Families.Count >= 10);
            Assert.Equal(all.Count, all.Select(e => e.Family + "/" + e.Name).Distinct().Count());
        }

        [Fact]
        public void ReportsFullyRightAndPerFieldRates()
        {
            List<CorpusEntry> all = MessageCorpus.Families.SelectMany(MessageCorpus.Load).ToList();
            int fullyRight = 0;
            var wrongByField = MessageCorpus.Fields.ToDictionary(f => f, _ => 0);
            foreach (CorpusEntry entry in all)
            {
                AccessErrorDiagnosis d = AccessErrorResolver.Default.Resolve(entry.Text).First();
                IReadOnlyList<string> wrong = MessageCorpus.Mismatches(entry, d);
                if (wrong.Count == 0)
                {
                    fullyRight++;
                    continue;
                }

                output.WriteLine(entry.Family + "/" + entry.Name + ": " + string.Join("; ", wrong));
                foreach (string field in wrong.Select(w => w.Substring(0, w.IndexOf(':'))))
                {
                    wrongByField[field]++;
                }
            }

            double rate = (double)fullyRight / all.Count;
            int fieldChecks = all.Count * MessageCorpus.Fields.Length;
            double fieldRate = 1.0 - (double)wrongByField.Values.Sum() / fieldChecks;
            output.WriteLine(string.Format(CultureInfo.InvariantCulture, "fully right: {0}/{1} = {2:P1}; fields right: {3:P1}", fullyRight, all.Count, rate, fieldRate));
            foreach (string field in MessageCorpus.Fields)
            {
                output.WriteLine(string.Format(CultureInfo.InvariantCulture, "  {0}: {1:P1}", field, 1.0 - (double)wrongByField[field] / all.Count));
            }

            Assert.True(rate >= MinimumFullyRight, string.Format(CultureInfo.InvariantCulture, "fully right {0:P1} fell below {1:P1}", rate, MinimumFullyRight));
        }
    }
}
