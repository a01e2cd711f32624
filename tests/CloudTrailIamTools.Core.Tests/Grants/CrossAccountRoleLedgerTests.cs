using CloudTrailIamTools.Core.Grants;

namespace CloudTrailIamTools.Core.Tests.Grants
{
    public sealed class CrossAccountRoleLedgerTests
    {
        [Fact]
        public void ALaterRecordForTheSameRoleIsRefusedWithAStableErrorId()
        {
            // Import-Csv | Grant-CloudTrailCrossAccountRole -Force: every row gets the default RoleName.
            var ledger = new CrossAccountRoleLedger();
            var first = new CrossAccountRoleRequest(new[] { "111122223333" });
            ledger.ThrowIfAlreadySet(first);
            ledger.Record(first);

            var repeated = Assert.Throws<CrossAccountRoleRepeatedException>(() => ledger.ThrowIfAlreadySet(new CrossAccountRoleRequest(new[] { "444455556666" })));

            Assert.Equal("CrossAccountRoleRepeated", repeated.ErrorId);
            Assert.Equal(FailureCategory.InvalidOperation, repeated.Category);
            Assert.Equal(CrossAccountRoleRequest.DefaultRoleName, repeated.RoleName);
            Assert.Contains("111122223333", repeated.Message);
            Assert.Contains("444455556666", repeated.Message);
            Assert.Throws<CrossAccountRoleRepeatedException>(() => ledger.ThrowIfAlreadySet(new CrossAccountRoleRequest(new[] { "111122223333" }, "cloudtrailcrossaccountreader")));
        }

        [Fact]
        public void OtherRolesAndRolesNotYetRecordedPass()
        {
            var ledger = new CrossAccountRoleLedger();
            var first = new CrossAccountRoleRequest(new[] { "111122223333" }, "Reader-111122223333");
            ledger.ThrowIfAlreadySet(first);

            // A refused or declined record is never recorded, so the same role may still be set later.
            ledger.ThrowIfAlreadySet(first);
            ledger.Record(first);
            ledger.ThrowIfAlreadySet(new CrossAccountRoleRequest(new[] { "444455556666" }, "Reader-444455556666"));
        }
    }
}
