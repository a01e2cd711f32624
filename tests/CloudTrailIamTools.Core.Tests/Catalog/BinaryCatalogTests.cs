using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Tests.Catalog
{
    /// <summary>
    /// The embedded binary catalog is the generator's JSON catalog, compiled: same bytes as compiling it now, and the
    /// same answers to every question the product asks.
    /// </summary>
    public sealed class BinaryCatalogTests
    {
        private static readonly Lazy<IamCatalog> FromJson = new Lazy<IamCatalog>(() =>
        {
            using FileStream json = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Catalog", "catalog.json.gz"));
            return IamCatalog.Load(json);
        });

        [Fact]
        public void EmbeddedBinaryIsCompiledFromTheCommittedJson()
        {
            byte[] expected = CatalogBinaryWriter.Write(FromJson.Value);
            byte[] embedded = ReadEmbedded();

            // On failure: cd tools/catalog && node generate-catalog.mjs (or run tools/catalog/compiler by hand).
            Assert.True(expected.SequenceEqual(embedded), "catalog.bin is not compiled from catalog.json.gz; run tools/catalog/compiler.");
        }

        [Fact]
        public void BinaryAndJsonCatalogsHoldTheSameServicesAndActions()
        {
            IamCatalog json = FromJson.Value;
            IamCatalog binary = IamCatalog.LoadBinary(new MemoryStream(ReadEmbedded()));

            Assert.Equal(json.Version, binary.Version);
            Assert.Equal(json.Services, binary.Services);
            Assert.Equal(json.Actions.Count, binary.Actions.Count);
            for (int i = 0; i < json.Actions.Count; i++)
            {
                Assert.Equal(Describe(json.Actions[i]), Describe(binary.Actions[i]));
            }

            foreach (string service in json.Services)
            {
                Assert.Equal(json.GetServiceName(service), binary.GetServiceName(service));
                Assert.Equal(
                    json.GetResourceTypes(service).Select(t => t.Service + ":" + t.Name + "|" + string.Join(",", t.ArnFormats) + "|" + string.Join(",", t.ConditionKeys)),
                    binary.GetResourceTypes(service).Select(t => t.Service + ":" + t.Name + "|" + string.Join(",", t.ArnFormats) + "|" + string.Join(",", t.ConditionKeys)));
                Assert.Equal(
                    json.GetConditionKeys(service).Select(k => k.Name + "|" + k.Type),
                    binary.GetConditionKeys(service).Select(k => k.Name + "|" + k.Type));
            }
        }

        [Fact]
        public void BinaryAndJsonCatalogsHoldTheSamePoliciesAndScenarios()
        {
            IamCatalog json = FromJson.Value;
            IamCatalog binary = IamCatalog.LoadBinary(new MemoryStream(ReadEmbedded()));

            Assert.Equal(json.ManagedPolicies.Count, binary.ManagedPolicies.Count);
            for (int i = 0; i < json.ManagedPolicies.Count; i++)
            {
                ManagedPolicyInfo a = json.ManagedPolicies[i];
                ManagedPolicyInfo b = binary.ManagedPolicies[i];
                Assert.Equal((a.Name, a.Arn, a.Path, a.DefaultVersionId, a.IsDeprecated, a.GrantedActionCount), (b.Name, b.Arn, b.Path, b.DefaultVersionId, b.IsDeprecated, b.GrantedActionCount));
                Assert.Equal(a.Document, b.Document);
                Assert.True(a.DocumentUtf8.Span.SequenceEqual(b.DocumentUtf8.Span));
            }

            Assert.Equal(
                json.RetiredPolicies.Select(r => string.Join("|", r.Name, r.Arn, r.ReplacedBy, r.ReplacedByArn, r.Note)),
                binary.RetiredPolicies.Select(r => string.Join("|", r.Name, r.Arn, r.ReplacedBy, r.ReplacedByArn, r.Note)));
            Assert.Equal(json.Scenarios.Select(Describe), binary.Scenarios.Select(Describe));
            Assert.Contains(binary.Scenarios, s => s.ServiceRole is not null);
        }

        [Fact]
        public void BinaryAndJsonCatalogsSuggestTheSameManagedPolicies()
        {
            IamCatalog json = FromJson.Value;
            IamCatalog binary = IamCatalog.LoadBinary(new MemoryStream(ReadEmbedded()));
            string[] services = { "cloudtrail", "cloudtrail-data", "iam", "organizations", "sts", "s3", "logs", "kms", "sns", "config", "ec2" };

            foreach (ActionInfo action in json.Actions.Where(a => services.Contains(a.Service)))
            {
                Assert.Equal(
                    json.FindManagedPoliciesGranting(action.FullName).Select(p => p.Name),
                    binary.FindManagedPoliciesGranting(action.FullName).Select(p => p.Name));
            }

            foreach (string notAnAction in new[] { "cloudtrail:*", "s3:Get*", "nosuch:Thing", "*" })
            {
                Assert.Equal(
                    json.FindManagedPoliciesGranting(notAnAction).Select(p => p.Name),
                    binary.FindManagedPoliciesGranting(notAnAction).Select(p => p.Name));
            }
        }

        [Fact]
        public void LookupsAnswerAsTheJsonCatalogDoes()
        {
            IamCatalog json = FromJson.Value;
            IamCatalog binary = IamCatalog.LoadBinary(new MemoryStream(ReadEmbedded()));

            foreach (string action in new[] { "cloudtrail:GetTrailStatus", "CLOUDTRAIL:gettrailstatus", "s3:GetObject", "iam:PassRole", "cloudtrail:", ":GetObject", "cloudtrail", "cloudtrail:GetTrailStatus:x", "nosuch:Get", " s3:GetObject" })
            {
                Assert.Equal(json.TryGetAction(action, out ActionInfo? a), binary.TryGetAction(action, out ActionInfo? b));
                Assert.Equal(a?.FullName, b?.FullName);
            }

            foreach (string service in new[] { "s3", "S3", "cloudtrail", "nosuch", "" })
            {
                Assert.Equal(json.IsKnownService(service), binary.IsKnownService(service));
            }

            foreach (string pattern in new[] { "cloudtrail:*", "*:GetObject", "s3:Get*Acl", "iam:?assRole" })
            {
                Assert.Equal(json.MatchActions(pattern).Select(a => a.FullName), binary.MatchActions(pattern).Select(a => a.FullName));
            }

            foreach (string typo in new[] { "cloudtrail:GetTrailStatu", "cloudtrial:GetTrailStatus", "GetTrailStatus" })
            {
                Assert.Equal(json.FindClosestActions(typo).Select(a => a.FullName), binary.FindClosestActions(typo).Select(a => a.FullName));
            }

            foreach (string policy in new[] { "AWSCloudTrail_FullAccess", "arn:aws-cn:iam::aws:policy/AWSCloudTrail_ReadOnlyAccess", "AWSCloudTrailFullAccess" })
            {
                Assert.Equal(json.TryGetManagedPolicy(policy, out ManagedPolicyInfo? a), binary.TryGetManagedPolicy(policy, out ManagedPolicyInfo? b));
                Assert.Equal(a?.Arn, b?.Arn);
                Assert.Equal(json.TryGetRetiredPolicy(policy, out RetiredPolicyInfo? ra), binary.TryGetRetiredPolicy(policy, out RetiredPolicyInfo? rb));
                Assert.Equal(ra?.ReplacedBy, rb?.ReplacedBy);
            }
        }

        [Fact]
        public void OpeningReadsOnlyTheHeaderAndADamagedPartFailsWhenFirstUsed()
        {
            byte[] data = ReadEmbedded();
            int policies = BitConverter.ToInt32(data, CatalogBinaryFormat.PoliciesOffset);
            BitConverter.GetBytes(int.MaxValue).CopyTo(data, policies); // an impossible policy count

            IamCatalog catalog = IamCatalog.LoadBinary(new MemoryStream(data));
            Assert.True(catalog.TryGetAction("cloudtrail:GetTrailStatus", out _));
            var ex = Assert.Throws<CatalogUnavailableException>(() => catalog.ManagedPolicies);
            Assert.Contains("malformed", ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(0)]
        [InlineData(8)]
        [InlineData(100)]
        public void ATruncatedOrForeignFileIsRefusedOnOpening(int length)
        {
            byte[] data = ReadEmbedded();
            Assert.Throws<CatalogUnavailableException>(() => IamCatalog.LoadBinary(new MemoryStream(data, 0, length)));

            byte[] foreign = (byte[])data.Clone();
            foreign[0] = (byte)'{';
            Assert.Throws<CatalogUnavailableException>(() => IamCatalog.LoadBinary(new MemoryStream(foreign)));
        }

        private static byte[] ReadEmbedded()
        {
            using Stream stream = typeof(IamCatalog).Assembly.GetManifestResourceStream(IamCatalog.ResourceName)!;
            var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }

        private static string Describe(ActionInfo action) =>
            action.FullName + "|" + action.Service + "|" + action.Name + "|" + action.AccessLevel + "|" + string.Join(",", action.ConditionKeys) + "|" +
            string.Join(";", action.ResourceTypes.Select(t => t.Name + (t.Required ? "*" : string.Empty) + "=" + string.Join(",", t.ArnFormats) + "=" + string.Join(",", t.ConditionKeys)));

        private static string Describe(ScenarioInfo scenario) =>
            scenario.Name + "|" + scenario.Description + "|" + Describe(scenario.Permissions) + "|" +
            (scenario.ServiceRole is ScenarioServiceRole role
                ? string.Join("|", role.RoleName, role.Service, role.TrustCondition, role.Reason, Describe(role.Permissions))
                : "(no role)");

        private static string Describe(IReadOnlyList<ScenarioPermission> permissions) =>
            string.Join(";", permissions.Select(p =>
                string.Join("|", p.Action, p.Resource, p.SampleResource, p.Condition ?? "(none)", p.Reason,
                    string.Join(",", p.Context.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + string.Join("+", e.Value))))));
    }
}
