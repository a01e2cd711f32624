using System.IO;

namespace CloudTrailIamTools.Module.Tests
{
    /// <summary>XML doc comments are compiled (Directory.Build.props), so a misplaced or stale one fails the build.</summary>
    public sealed class DocumentationBuildTests
    {
        [Theory]
        [InlineData(typeof(CloudTrailIamTools.Commands.TestCloudTrailPermissionCommand))]
        [InlineData(typeof(CloudTrailIamTools.Core.PermissionTesting.PermissionTestService))]
        public void TheModuleAndTheCoreCompileTheirDocComments(System.Type type)
        {
            string documentation = Path.ChangeExtension(type.Assembly.Location, ".xml");

            Assert.True(File.Exists(documentation), documentation + " is missing: is GenerateDocumentationFile still on?");
            Assert.Contains("T:" + type.FullName, File.ReadAllText(documentation));
        }
    }
}
