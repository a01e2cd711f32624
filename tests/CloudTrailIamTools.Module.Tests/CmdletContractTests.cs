using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;

namespace CloudTrailIamTools.Module.Tests
{
    /// <summary>The design rules every cmdlet follows, checked on the compiled module.</summary>
    public sealed class CmdletContractTests
    {
        private static readonly string[] StateChangingVerbs =
        {
            VerbsSecurity.Grant, VerbsDiagnostic.Repair, VerbsCommon.Set, VerbsCommon.New, VerbsCommon.Remove, VerbsCommon.Add,
            VerbsSecurity.Revoke, VerbsLifecycle.Register, VerbsLifecycle.Unregister, VerbsLifecycle.Enable, VerbsLifecycle.Disable,
        };

        public static IEnumerable<object[]> Cmdlets() => ModuleMetadata.CmdletTypes.Select(t => new object[] { t.Name });

        private static Type Cmdlet(string name) => ModuleMetadata.CmdletTypes.Single(t => t.Name == name);

        [Fact]
        public void TheModuleHasCmdlets()
        {
            Assert.NotEmpty(ModuleMetadata.CmdletTypes);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void UsesAnApprovedVerbAndASingularNoun(string typeName)
        {
            Type type = Cmdlet(typeName);
            string verb = ModuleMetadata.Verb(type);
            string noun = ModuleMetadata.Noun(type);

            Assert.Contains(verb, ModuleMetadata.ApprovedVerbs);
            Assert.False(noun.EndsWith("s", StringComparison.Ordinal) && !noun.EndsWith("ss", StringComparison.Ordinal), noun + " looks plural");
            Assert.StartsWith("CloudTrail", noun.Replace("OrganizationTrail", "CloudTrail"));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void IsASealedPSCmdletNamedVerbNounCommandInCommands(string typeName)
        {
            Type type = Cmdlet(typeName);

            Assert.True(type.IsSealed);
            Assert.True(typeof(PSCmdlet).IsAssignableFrom(type));
            Assert.Equal(ModuleMetadata.Verb(type) + ModuleMetadata.Noun(type) + "Command", type.Name);
            Assert.Equal("CloudTrailIamTools.Commands", type.Namespace);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void DeclaresOutputType(string typeName)
        {
            Type type = Cmdlet(typeName);

            CustomAttributeData outputType = Assert.Single(type.CustomAttributes, a => a.AttributeType == typeof(OutputTypeAttribute));
            var declared = (IEnumerable<CustomAttributeTypedArgument>)outputType.ConstructorArguments[0].Value!;
            Assert.All(declared, argument => Assert.True(((Type)argument.Value!).IsSealed, argument.Value + " should be sealed"));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void StateChangingVerbsSupportShouldProcess(string typeName)
        {
            Type type = Cmdlet(typeName);
            CustomAttributeData cmdlet = ModuleMetadata.CmdletAttribute(type);
            bool supports = ModuleMetadata.Named<bool>(cmdlet, "SupportsShouldProcess");

            if (StateChangingVerbs.Contains(ModuleMetadata.Verb(type)))
            {
                Assert.True(supports, typeName + " changes state and must declare SupportsShouldProcess");
                Assert.Contains(ModuleMetadata.Parameters(type), p => p.Property.Name == "Force" && p.Property.PropertyType == typeof(SwitchParameter));
                Assert.Contains(cmdlet.NamedArguments, a => a.MemberName == "ConfirmImpact");
            }
            else
            {
                Assert.False(supports, typeName + " does not change state; -WhatIf would mislead");
            }
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void ParameterSetsAreDeclaredConstants(string typeName)
        {
            Type type = Cmdlet(typeName);
            var constants = new HashSet<string>(type.GetFields(BindingFlags.Public | BindingFlags.Static)
                .Where(f => f.IsLiteral && f.FieldType == typeof(string)).Select(f => (string)f.GetRawConstantValue()!));
            IEnumerable<string> used = ModuleMetadata.Parameters(type)
                .Select(p => ModuleMetadata.Named<string>(p.Attribute, "ParameterSetName"))
                .Concat(new[] { ModuleMetadata.Named<string>(ModuleMetadata.CmdletAttribute(type), "DefaultParameterSetName") })
                .Where(name => name is not null)
                .Select(name => name!);

            Assert.All(used, name => Assert.Contains(name, constants));
        }

        [Fact]
        public void AwsConnectionParametersNeverBindFromThePipeline()
        {
            var connectionParameters = new[] { "ProfileName", "ProfileLocation", "AccessKey", "SecretKey", "SessionToken", "Credential", "Region", "EndpointUrl", "TimeoutSec" };
            foreach (string name in connectionParameters)
            {
                var property = typeof(CloudTrailIamTools.Infrastructure.AwsCmdlet).GetProperty(name)!;
                var attribute = Assert.Single(property.CustomAttributes, a => a.AttributeType == typeof(ParameterAttribute));
                Assert.False(ModuleMetadata.Named<bool>(attribute, "ValueFromPipelineByPropertyName"), name);
                Assert.False(ModuleMetadata.Named<bool>(attribute, "ValueFromPipeline"), name);
            }
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void ParametersBoundFromDiagnosesAcceptTheirNulls(string typeName)
        {
            // PowerShell fails the whole piped record when a by-property-name value fails validation, and a diagnosis
            // leaves Action, Resource, PrincipalArn, Region... null whenever AWS did not say.
            Type type = Cmdlet(typeName);
            var diagnosisProperties = new HashSet<string>(typeof(CloudTrailIamTools.Core.Diagnostics.AccessErrorDiagnosis).GetProperties().Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
            foreach (var (property, attribute) in ModuleMetadata.Parameters(type))
            {
                if (!ModuleMetadata.Named<bool>(attribute, "ValueFromPipelineByPropertyName") || !diagnosisProperties.Contains(property.Name))
                {
                    continue;
                }

                Assert.DoesNotContain(property.CustomAttributes, a => a.AttributeType == typeof(ValidateNotNullOrEmptyAttribute) || a.AttributeType == typeof(ValidateNotNullAttribute));
            }
        }

        [Fact]
        public void ManifestExportsExactlyTheCmdlets()
        {
            var exported = ModuleMetadata.ManifestList("CmdletsToExport").OrderBy(n => n);
            var declared = ModuleMetadata.CmdletTypes.Select(ModuleMetadata.CmdletName).OrderBy(n => n);

            Assert.Equal(declared, exported);
        }

        [Fact]
        public void ManifestFollowsTheHouseRules()
        {
            Assert.Empty(ModuleMetadata.ManifestList("FunctionsToExport"));
            Assert.Empty(ModuleMetadata.ManifestList("VariablesToExport"));
            Assert.Empty(ModuleMetadata.ManifestList("AliasesToExport"));
            // Core only: Desktop would need every shipped dependency proven against AWS.Tools.Common's own copies (see the manifest).
            Assert.Equal(new[] { "Core" }, ModuleMetadata.ManifestList("CompatiblePSEditions"));
            Assert.Equal("7.4", ModuleMetadata.ManifestValue("PowerShellVersion"));
            Assert.DoesNotContain("PSEdition_Desktop", ModuleMetadata.ManifestList("Tags"));
            Assert.Equal("CloudTrailIamTools.dll", ModuleMetadata.ManifestValue("RootModule"));
            Assert.Equal(new[] { "CloudTrailIamTools.Format.ps1xml" }, ModuleMetadata.ManifestList("FormatsToProcess"));
            // AWS.Tools.Common 5.x: the release that carries AWSSDK v4, which the module is compiled against (Shell.Tests.ps1
            // proves in pwsh that a 6.0 cannot satisfy it).
            Assert.Equal(new[] { "AWS.Tools.Common", "5.0.0", "5.999.999" }, ModuleMetadata.ManifestList("RequiredModules"));
            var tags = ModuleMetadata.ManifestList("Tags");
            foreach (string tag in new[] { "PSEdition_Core", "Linux", "MacOS", "Windows", "AWS", "CloudTrail", "IAM" })
            {
                Assert.Contains(tag, tags);
            }

            Assert.NotNull(ModuleMetadata.ManifestValue("ProjectUri"));
            Assert.NotNull(ModuleMetadata.ManifestValue("LicenseUri"));
        }

        [Fact]
        public void ModuleAssemblyNeverShipsItsOwnSdkOrPowerShell()
        {
            var references = ModuleMetadata.ModuleAssembly.GetReferencedAssemblies().Select(a => a.Name).ToArray();
            Assert.Contains("System.Management.Automation", references);

            var coreReferences = typeof(CloudTrailIamTools.Core.CloudTrailIamToolsException).Assembly.GetReferencedAssemblies().Select(a => a.Name);
            Assert.DoesNotContain("System.Management.Automation", coreReferences);
        }
    }
}
