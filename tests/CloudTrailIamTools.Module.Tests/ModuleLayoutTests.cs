using System.IO;
using System.Linq;
using System.Xml.Linq;

namespace CloudTrailIamTools.Module.Tests
{
    /// <summary>dotnet build lays out an importable module folder even where PowerShell is absent.</summary>
    public sealed class ModuleLayoutTests
    {
        private static readonly string ModuleFolder = Path.Combine(ModuleMetadata.RepoRoot, "out", "CloudTrailIamTools");

        [Fact]
        public void TheBuiltModuleFolderHasWhatImportNeeds()
        {
            Assert.True(File.Exists(Path.Combine(ModuleFolder, "CloudTrailIamTools.psd1")));
            Assert.True(File.Exists(Path.Combine(ModuleFolder, "CloudTrailIamTools.dll")));
            Assert.True(File.Exists(Path.Combine(ModuleFolder, "CloudTrailIamTools.Core.dll")));
            Assert.True(File.Exists(Path.Combine(ModuleFolder, "CloudTrailIamTools.Format.ps1xml")));
            Assert.True(Directory.Exists(Path.Combine(ModuleFolder, "en-US")));
        }

        [Fact]
        public void TheModuleFolderShipsNoAwsSdkOrPowerShellAssemblies()
        {
            var dlls = Directory.GetFiles(ModuleFolder, "*.dll").Select(Path.GetFileName).ToArray();

            Assert.DoesNotContain(dlls, name => name!.StartsWith("AWSSDK.", System.StringComparison.Ordinal));
            Assert.DoesNotContain("System.Management.Automation.dll", dlls);
        }

        [Fact]
        public void TheBuildStampsTheModuleVersion()
        {
            string manifest = File.ReadAllText(Path.Combine(ModuleFolder, "CloudTrailIamTools.psd1"));
            string version = typeof(CloudTrailIamTools.Commands.ResolveCloudTrailAccessErrorCommand).Assembly.GetName().Version!.ToString(3);

            Assert.Contains("ModuleVersion = '" + version + "'", manifest);
        }

        [Fact]
        public void EveryOutputTypeHasADefaultView()
        {
            XDocument format = XDocument.Load(Path.Combine(ModuleMetadata.RepoRoot, "src", "CloudTrailIamTools", "CloudTrailIamTools.Format.ps1xml"));
            var viewed = format.Descendants("TypeName").Select(e => e.Value.Trim()).ToHashSet();
            var outputTypes = ModuleMetadata.CmdletTypes
                .SelectMany(t => t.CustomAttributes.Where(a => a.AttributeType == typeof(System.Management.Automation.OutputTypeAttribute)))
                .SelectMany(a => (System.Collections.Generic.IEnumerable<System.Reflection.CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!)
                .Select(a => (System.Type)a.Value!)
                .Where(type => !type.IsPrimitive) // -Quiet's Boolean needs no view
                .Select(type => type.FullName!)
                .Distinct();

            Assert.All(outputTypes, type => Assert.Contains(type, viewed));
        }

        [Fact]
        public void EveryCmdletHasAPesterSuite()
        {
            foreach (string name in ModuleMetadata.CmdletTypes.Select(ModuleMetadata.CmdletName))
            {
                Assert.True(File.Exists(Path.Combine(ModuleMetadata.RepoRoot, "tests", "Pester", name + ".Tests.ps1")), "tests/Pester/" + name + ".Tests.ps1 is missing");
            }

            Assert.True(File.Exists(Path.Combine(ModuleMetadata.RepoRoot, "tests", "Pester", "Module.Design.Tests.ps1")));
        }

        [Fact]
        public void TheModuleFolderShipsLicenseAndNotices()
        {
            Assert.True(File.Exists(Path.Combine(ModuleFolder, "LICENSE")));
            Assert.True(File.Exists(Path.Combine(ModuleFolder, "THIRD-PARTY-NOTICES.md")));
        }
    }
}
