using System.Linq;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Infrastructure;

namespace CloudTrailIamTools.Module.Tests
{
    public sealed class CompleterTests
    {
        [Fact]
        public void BareWordsCompleteCloudTrailActionsFirst()
        {
            var results = ActionNameCompleter.Complete("GetTrail").ToList();

            Assert.Contains("cloudtrail:GetTrailStatus", results);
            Assert.All(results, r => Assert.StartsWith("cloudtrail:GetTrail", r));
        }

        [Fact]
        public void QualifiedWordsCompleteWithinTheirService()
        {
            var results = ActionNameCompleter.Complete("iam:PassR").ToList();

            Assert.Equal(new[] { "iam:PassRole" }, results);
        }

        [Fact]
        public void AServicePrefixCompletesThatService()
        {
            Assert.Contains("iam:CreateRole", ActionNameCompleter.Complete("iam"));
        }

        [Fact]
        public void ScenarioNamesComplete()
        {
            Assert.Contains(ScenarioNameCompleter.Complete("Config"), s => s.Name == "ConfigureCloudWatchLogs");
            Assert.Equal(IamCatalog.Default.Scenarios.Count, ScenarioNameCompleter.Complete(string.Empty).Count());
            Assert.Contains(ScenarioNameCompleter.Complete("Change"), s => s.Name == "ChangeExistingTrails");
        }
    }
}
