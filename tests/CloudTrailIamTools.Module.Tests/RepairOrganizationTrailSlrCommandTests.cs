using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using CloudTrailIamTools.Commands;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Infrastructure;

namespace CloudTrailIamTools.Module.Tests
{
    /// <summary>Binding rules of Repair-OrganizationTrailSlr that the Pester suite checks live, here on the metadata.</summary>
    public sealed class RepairOrganizationTrailSlrCommandTests
    {
        private static readonly Type Command = typeof(RepairOrganizationTrailSlrCommand);

        /// <summary>The parameters PowerShell binds: a property declared in the cmdlet hides the base class's one of that name.</summary>
        private static IEnumerable<(PropertyInfo Property, CustomAttributeData Attribute)> EffectiveParameters() =>
            ModuleMetadata.Parameters(Command)
                .GroupBy(p => p.Property.Name)
                .Select(g => g.OrderByDescending(p => Depth(p.Property.DeclaringType!)).First());

        private static int Depth(Type type)
        {
            int depth = 0;
            for (Type? current = type; current is not null; current = current.BaseType)
            {
                depth++;
            }

            return depth;
        }

        private static IEnumerable<string> NamesAndAliases(PropertyInfo property) =>
            new[] { property.Name }.Concat(property.CustomAttributes
                .Where(a => a.AttributeType == typeof(AliasAttribute))
                .SelectMany(a => ((IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!).Select(v => (string)v.Value!)));

        [Fact]
        public void APipedDiagnosisBindsOnlyToDiagnosis()
        {
            // A diagnosis's null Region (or any other null property) bound by property name would fail validation and drop the diagnosis.
            var diagnosisProperties = new HashSet<string>(typeof(AccessErrorDiagnosis).GetProperties().Select(p => p.Name), StringComparer.OrdinalIgnoreCase);

            var byPropertyName = EffectiveParameters()
                .Where(p => ModuleMetadata.Named<bool>(p.Attribute, "ValueFromPipelineByPropertyName"))
                .SelectMany(p => NamesAndAliases(p.Property));

            Assert.DoesNotContain(byPropertyName, diagnosisProperties.Contains);
            var diagnosis = Assert.Single(EffectiveParameters(), p => p.Property.Name == "Diagnosis");
            Assert.True(ModuleMetadata.Named<bool>(diagnosis.Attribute, "ValueFromPipeline"));
            Assert.Equal(typeof(AccessErrorDiagnosis[]), diagnosis.Property.PropertyType);
        }

        [Fact]
        public void TheAccountIdIsCheckedByTheCoreNotByAPatternAndHasTheShortAliases()
        {
            // ValidatePattern would answer with PowerShell's generic regex error, bypassing ErrorRecordFactory.
            PropertyInfo account = Command.GetProperty(nameof(RepairOrganizationTrailSlrCommand.DelegatedAdministratorAccountId))!;

            Assert.DoesNotContain(account.CustomAttributes, a => typeof(ValidateArgumentsAttribute).IsAssignableFrom(a.AttributeType));
            Assert.NotNull(Command.GetMethod("BeginProcessing", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
            Assert.Contains("DelegatedAdminAccountId", NamesAndAliases(account));
            var invalid = Assert.Throws<CloudTrailIamTools.Core.InvalidInputException>(
                () => CloudTrailIamTools.Core.OrganizationTrails.OrganizationTrailRepairRunner.ValidateAccountId("12345", "DelegatedAdministratorAccountId"));
            Assert.Equal("InvalidInput", invalid.ErrorId);
            Assert.Equal("DelegatedAdministratorAccountId", invalid.Location);
        }

        /// <summary>
        /// Whether a method's IL calls ShouldProcessWhatIf.IsConfirmRequested. The cmdlets cannot run against the
        /// PowerShell stub here, so the -Force rule (an explicit -Confirm still asks) is checked where it is decided.
        /// </summary>
        private static bool CallsIsConfirmRequested(MethodInfo method)
        {
            byte[] il = method.GetMethodBody()!.GetILAsByteArray()!;
            for (int i = 0; i + 4 < il.Length; i++)
            {
                if (il[i] != 0x28)
                {
                    continue;
                }

                try
                {
                    MethodBase? called = method.Module.ResolveMethod(BitConverter.ToInt32(il, i + 1));
                    if (called is not null && called.DeclaringType == typeof(ShouldProcessWhatIf) && called.Name == nameof(ShouldProcessWhatIf.IsConfirmRequested))
                    {
                        return true;
                    }
                }
                catch (ArgumentException)
                {
                    // Not a method token: this 0x28 byte was an operand, not a call.
                }
            }

            return false;
        }

        [Theory]
        [InlineData(typeof(RepairOrganizationTrailSlrCommand), "ShouldProcessApprover")]
        [InlineData(typeof(GrantCloudTrailPermissionCommand), null)]
        [InlineData(typeof(GrantCloudTrailCrossAccountRoleCommand), null)]
        public void ForceDefersToAnExplicitConfirm(Type cmdlet, string? nestedType)
        {
            const BindingFlags any = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
            Type decider = nestedType is null ? cmdlet : cmdlet.GetNestedType(nestedType, BindingFlags.NonPublic)!;

            Assert.True(decider.GetMethods(any).Where(m => m.GetMethodBody() is not null).Any(CallsIsConfirmRequested),
                $"{cmdlet.Name}: -Force must not skip the prompt when -Confirm is given explicitly.");
        }

        [Fact]
        public void ConfirmImpactIsMedium()
        {
            CustomAttributeData cmdlet = ModuleMetadata.CmdletAttribute(Command);

            Assert.Equal((int)ConfirmImpact.Medium, Convert.ToInt32(cmdlet.NamedArguments.Single(a => a.MemberName == "ConfirmImpact").TypedValue.Value));
        }
    }
}
