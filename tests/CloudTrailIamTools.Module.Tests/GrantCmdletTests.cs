using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using CloudTrailIamTools.Commands;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Grants;

namespace CloudTrailIamTools.Module.Tests
{
    /// <summary>Pipeline and ShouldProcess design of the two grant cmdlets, read from their metadata.</summary>
    public sealed class GrantCmdletTests
    {
        private static IEnumerable<(string Name, CustomAttributeData Attribute)> ParametersOf(Type type) =>
            ModuleMetadata.Parameters(type)
                .GroupBy(p => p.Property.Name)
                // PowerShell keeps a derived class's parameter over the base class's one of the same name.
                .SelectMany(g => g.Where(p => Depth(p.Property.DeclaringType!) == g.Max(x => Depth(x.Property.DeclaringType!))))
                .Select(p => (p.Property.Name, p.Attribute));

        private static IEnumerable<string> NamesAndAliases(Type type, string parameter)
        {
            PropertyInfo property = type.GetProperties().Where(p => p.Name == parameter).OrderByDescending(p => Depth(p.DeclaringType!)).First();
            var aliases = property.CustomAttributes.Where(a => a.AttributeType == typeof(AliasAttribute))
                .SelectMany(a => ((IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(v => (string)v.Value!));
            return new[] { parameter }.Concat(aliases);
        }

        private static int Depth(Type type) => type.BaseType is null ? 0 : 1 + Depth(type.BaseType);

        [Fact]
        public void APipedDiagnosisBindsOnlyToDiagnosis()
        {
            // A diagnosis property that matched a by-property-name parameter would be bound too (and a null value
            // would fail the whole record), e.g. the diagnosis's Region against AwsCmdlet's -Region.
            var diagnosisProperties = new HashSet<string>(typeof(AccessErrorDiagnosis).GetProperties().Select(p => p.Name), StringComparer.OrdinalIgnoreCase);
            Type cmdlet = typeof(GrantCloudTrailPermissionCommand);

            var collisions = ParametersOf(cmdlet)
                .Where(p => ModuleMetadata.Named<bool>(p.Attribute, "ValueFromPipelineByPropertyName"))
                .SelectMany(p => NamesAndAliases(cmdlet, p.Name))
                .Where(diagnosisProperties.Contains)
                .ToList();

            Assert.Empty(collisions);
        }

        [Theory]
        [InlineData(typeof(GrantCloudTrailPermissionCommand), "Medium", typeof(PermissionGrantResult))]
        [InlineData(typeof(GrantCloudTrailCrossAccountRoleCommand), "High", typeof(CrossAccountRoleResult))]
        public void ConfirmImpactAndOutputTypeAreAsSpecified(Type cmdlet, string impact, Type output)
        {
            CustomAttributeData attribute = ModuleMetadata.CmdletAttribute(cmdlet);
            Assert.Equal(impact, ((ConfirmImpact)ModuleMetadata.Named<int>(attribute, "ConfirmImpact")).ToString());
            Assert.True(ModuleMetadata.Named<bool>(attribute, "SupportsShouldProcess"));
            CustomAttributeData outputType = cmdlet.CustomAttributes.Single(a => a.AttributeType == typeof(OutputTypeAttribute));
            Assert.Equal(output, ((IEnumerable<CustomAttributeTypedArgument>)outputType.ConstructorArguments[0].Value!).Single().Value);
        }

        [Fact]
        public void TargetsBindByPropertyNameAndDiagnosesByValue()
        {
            var parameters = ModuleMetadata.Parameters(typeof(GrantCloudTrailPermissionCommand)).ToList();

            foreach (string name in new[] { "UserName", "RoleName", "GroupName" })
            {
                Assert.All(parameters.Where(p => p.Property.Name == name), p => Assert.True(ModuleMetadata.Named<bool>(p.Attribute, "ValueFromPipelineByPropertyName")));
            }

            var diagnosis = Assert.Single(parameters, p => p.Property.Name == "Diagnosis");
            Assert.True(ModuleMetadata.Named<bool>(diagnosis.Attribute, "ValueFromPipeline"));
            Assert.Equal(typeof(AccessErrorDiagnosis[]), diagnosis.Property.PropertyType);
        }
    }
}
