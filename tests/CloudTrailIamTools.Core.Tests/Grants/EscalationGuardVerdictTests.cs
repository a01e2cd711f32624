using System.Linq;
using CloudTrailIamTools.Core.Catalog;
using CloudTrailIamTools.Core.Grants;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Tests.Grants
{
    /// <summary>The yes-or-no verdict on a managed policy stops early; it must agree with the full list of findings.</summary>
    public sealed class EscalationGuardVerdictTests
    {
        private const string Checker = "arn:aws:iam::123456789012:user/managed-policy-check";

        [Theory]
        [InlineData("AdministratorAccess")]
        [InlineData("IAMFullAccess")]
        [InlineData("PowerUserAccess")]
        [InlineData("ReadOnlyAccess")]
        [InlineData("AWSCloudTrail_FullAccess")]
        [InlineData("AmazonEC2FullAccess")]
        [InlineData("AWSLambda_FullAccess")]
        [InlineData("AmazonSageMakerFullAccess")]
        [InlineData("AWSGlueConsoleFullAccess")]
        public void FirstFindingAndVerdictAgreeWithTheFullList(string name)
        {
            Assert.True(IamCatalog.Default.TryGetManagedPolicy(name, out ManagedPolicyInfo? policy));
            PolicyDocument document = PolicyDocument.Parse(policy.Document, policy.Name);

            var all = EscalationGuard.Find(document, Checker);
            var first = EscalationGuard.Find(document, Checker, firstOnly: true);

            Assert.Equal(all.Take(1).Select(f => (f.Primitive.Name, f.Action, f.Resource, f.PassedToService)), first.Select(f => (f.Primitive.Name, f.Action, f.Resource, f.PassedToService)));
            Assert.Equal(all.Count == 0, EscalationGuard.IsSafeManagedPolicy(policy));
        }
    }
}
