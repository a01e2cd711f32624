using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using CloudTrailIamTools.Commands;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;
using CloudTrailIamTools.Infrastructure;

namespace CloudTrailIamTools.Module.Tests
{
    /// <summary>Test-CloudTrailPermission's parameter contract (metadata) and its policy input conversions.</summary>
    public sealed class TestCloudTrailPermissionTests
    {
        private const string Allow = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"cloudtrail:*\",\"Resource\":\"*\"}]}";

        private static readonly Type Cmdlet = typeof(TestCloudTrailPermissionCommand);

        private static IEnumerable<CustomAttributeData> ParameterAttributes(string name) =>
            Cmdlet.GetProperty(name)!.CustomAttributes.Where(a => a.AttributeType == typeof(ParameterAttribute));

        private static ISet<string> Sets(string name) =>
            ParameterAttributes(name).Select(a => ModuleMetadata.Named<string>(a, "ParameterSetName") ?? "__AllParameterSets").ToHashSet();

        private static bool Named(string parameter, string argument) =>
            ParameterAttributes(parameter).Any(a => ModuleMetadata.Named<bool>(a, argument));

        [Fact]
        public void IsALiveCmdletWithTheThreeResultTypesAndQuietsBoolean()
        {
            Assert.True(typeof(AwsCmdlet).IsAssignableFrom(Cmdlet));
            CustomAttributeData outputType = Cmdlet.CustomAttributes.Single(a => a.AttributeType == typeof(OutputTypeAttribute));
            var types = ((IEnumerable<CustomAttributeTypedArgument>)outputType.ConstructorArguments[0].Value!).Select(a => ((Type)a.Value!).Name);
            Assert.Equal(new[] { "EvaluationResult", "ScenarioResult", "LivePermissionResult", "Boolean" }, types);
            Assert.Equal("Test", ModuleMetadata.Verb(Cmdlet));
            Assert.Equal(TestCloudTrailPermissionCommand.LiveSet, ModuleMetadata.Named<string>(ModuleMetadata.CmdletAttribute(Cmdlet), "DefaultParameterSetName"));
        }

        [Fact]
        public void PolicyDocumentSelectsTheOfflineSetAndOnlyLiveHasTheSimulator()
        {
            Assert.Equal(new[] { TestCloudTrailPermissionCommand.OfflineSet }, Sets("PolicyDocument"));
            Assert.True(Named("PolicyDocument", "Mandatory"));
            Assert.Equal(new[] { TestCloudTrailPermissionCommand.OfflineSet }, Sets("PermissionsBoundary"));
            Assert.Equal(new[] { TestCloudTrailPermissionCommand.LiveSet }, Sets("UseSimulator"));
            foreach (string shared in new[] { "Action", "Resource", "PrincipalArn", "ResourcePolicy", "SessionPolicy", "ServiceControlPolicy", "Context", "Scenario" })
            {
                Assert.Equal(new[] { TestCloudTrailPermissionCommand.OfflineSet, TestCloudTrailPermissionCommand.LiveSet }.ToHashSet(), Sets(shared));
            }
        }

        [Theory]
        [InlineData("PrincipalArn")]
        [InlineData("Action")]
        [InlineData("Resource")]
        public void DiagnosisPropertiesBindByPropertyName(string name)
        {
            Assert.True(Named(name, "ValueFromPipelineByPropertyName"));
            Assert.NotNull(typeof(CloudTrailIamTools.Core.Diagnostics.AccessErrorDiagnosis).GetProperty(name));
        }

        [Fact]
        public void InputObjectTakesThePipeline()
        {
            Assert.Equal(new[] { TestCloudTrailPermissionCommand.InputObjectSet }, Sets("InputObject"));
            Assert.True(Named("InputObject", "ValueFromPipeline"));
            Assert.True(Named("InputObject", "Mandatory"));
        }

        [Fact]
        public void CompletersAreAttached()
        {
            Type Completer(string name) => (Type)Cmdlet.GetProperty(name)!.CustomAttributes.Single(a => a.AttributeType == typeof(ArgumentCompleterAttribute)).ConstructorArguments[0].Value!;
            Assert.Equal(typeof(ActionNameCompleter), Completer("Action"));
            Assert.Equal(typeof(ScenarioNameCompleter), Completer("Scenario"));
        }

        [Fact]
        public void ResolveTakesDecodeAndTheAwsParameters()
        {
            Type resolve = typeof(ResolveCloudTrailAccessErrorCommand);
            Assert.True(typeof(AwsCmdlet).IsAssignableFrom(resolve));
            Assert.Equal(typeof(SwitchParameter), resolve.GetProperty("Decode")!.PropertyType);
        }

        [Fact]
        public void JsonTextIsTakenAsIs()
        {
            PolicySource source = PolicyInput.Read(Allow, "PolicyDocument[0]", _ => throw new InvalidOperationException("not a path"));

            Assert.Equal(Allow, source.Json);
            Assert.Null(source.FileName);
        }

        [Fact]
        public void APathIsReadAndNamesThePolicy()
        {
            string file = Path.Combine(Path.GetTempPath(), "policy-" + Guid.NewGuid().ToString("N") + ".json");
            File.WriteAllText(file, Allow);
            try
            {
                PolicySource source = PolicyInput.Read("policy.json", "PolicyDocument[0]", _ => file);

                Assert.Equal(file, source.FileName);
                Assert.Equal(file, source.Parse(new PolicyCache()).Name);
            }
            finally
            {
                File.Delete(file);
            }
        }

        [Fact]
        public void AMissingFileNamesThePath()
        {
            var error = Assert.Throws<InvalidInputException>(() => PolicyInput.Read("nope.json", "PolicyDocument[1]", p => "/nonexistent/" + p));

            Assert.Contains("/nonexistent/nope.json", error.Message);
            Assert.Contains("PolicyDocument[1]", error.Message);
        }

        [Fact]
        public void AHashtableBecomesAPolicy()
        {
            var statement = new Hashtable { ["Effect"] = "Allow", ["Action"] = new object[] { "cloudtrail:GetTrail", "cloudtrail:DescribeTrails" }, ["Resource"] = "*" };
            var policy = new Hashtable { ["Version"] = "2012-10-17", ["Statement"] = new object[] { statement } };

            PolicyDocument document = PolicyInput.Read(policy, "PolicyDocument[0]", p => p).Parse(new PolicyCache());

            Assert.Equal(2, document.Statements[0].Actions.Count);
        }

        [Fact]
        public void BadPoliciesAreNamedByWhereTheyWereGiven()
        {
            PolicySource source = PolicyInput.Read("{\"Statement\":[{\"Effect\":\"Perhaps\",\"Action\":\"*\",\"Resource\":\"*\"}]}", "SessionPolicy", p => p);

            var error = Assert.Throws<PolicyFormatException>(() => source.Parse(new PolicyCache()));
            Assert.Equal("SessionPolicy", error.PolicyName);
            Assert.Equal("Statement[0].Effect", error.Path);
            Assert.Equal("InvalidPolicyDocument", error.ErrorId);
        }

        [Fact]
        public void ScpLevelsAreOnePolicyOrAnArrayEach()
        {
            var levels = PolicyInput.ReadLevels(new object[] { Allow, new object[] { Allow, Allow } }, "ServiceControlPolicy", p => p);

            Assert.Equal(new[] { 1, 2 }, levels.Select(l => l.Count));
            Assert.Equal("ServiceControlPolicy[1][1]", levels[1][1].Label);
        }

        [Fact]
        public void ContextArraysAreMultiValuedKeys()
        {
            var context = PolicyInput.ReadContext(new Hashtable { ["aws:TagKeys"] = new object[] { "a", "b" }, ["aws:SecureTransport"] = true, ["aws:MultiFactorAuthAge"] = 30 });

            Assert.Equal(new[] { "a", "b" }, context!["aws:tagkeys"]);
            Assert.Equal(new[] { "true" }, context["aws:SecureTransport"]);
            Assert.Equal(new[] { "30" }, context["aws:MultiFactorAuthAge"]);
            Assert.Null(PolicyInput.ReadContext(new Hashtable()));
        }
    }
}
