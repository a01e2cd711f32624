using CloudTrailIamTools.Core.Arns;

namespace CloudTrailIamTools.Core.Tests.Arns
{
    public sealed class PrincipalIdentityTests
    {
        [Theory]
        [InlineData("arn:aws:iam::123456789012:user/mateojackson", PrincipalType.User, "123456789012", "mateojackson", "/", null)]
        [InlineData("arn:aws:iam::123456789012:user/division/team/marymajor", PrincipalType.User, "123456789012", "marymajor", "/division/team/", null)]
        [InlineData("arn:aws:iam::123456789012:role/service-role/Ops", PrincipalType.Role, "123456789012", "Ops", "/service-role/", null)]
        [InlineData("arn:aws:sts::123456789012:assumed-role/Admin/jane@example.com", PrincipalType.AssumedRole, "123456789012", "Admin", null, "jane@example.com")]
        [InlineData("arn:aws-cn:sts::123456789012:federated-user/bob", PrincipalType.FederatedUser, "123456789012", "bob", null, null)]
        [InlineData("arn:aws-us-gov:iam::123456789012:root", PrincipalType.Root, "123456789012", null, null, null)]
        [InlineData("cloudtrail.amazonaws.com", PrincipalType.Service, null, "cloudtrail.amazonaws.com", null, null)]
        [InlineData("*", PrincipalType.Anonymous, null, null, null, null)]
        public void ParsesEveryPrincipalForm(string text, PrincipalType type, string? account, string? name, string? path, string? session)
        {
            PrincipalIdentity identity = PrincipalIdentity.Parse(text);

            Assert.Equal(type, identity.Type);
            Assert.Equal(account, identity.AccountId);
            Assert.Equal(name, identity.Name);
            Assert.Equal(path, identity.Path);
            Assert.Equal(session, identity.SessionName);
        }

        [Fact]
        public void AssumedRoleMapsToItsRole()
        {
            PrincipalIdentity identity = PrincipalIdentity.Parse("arn:aws:sts::111122223333:assumed-role/Auditor/session-1");

            Assert.Equal("arn:aws:iam::111122223333:role/Auditor", identity.EntityArn);
            Assert.Equal("AssumedRole", identity.ContextPrincipalType);
        }

        [Theory]
        [InlineData("")]
        [InlineData("arn:aws:s3:::bucket")]
        [InlineData("arn:aws:iam::123456789012:user/")]
        [InlineData("not a principal")]
        public void UnrecognisedTextIsUnknown(string text)
        {
            Assert.False(PrincipalIdentity.TryParse(text, out PrincipalIdentity? identity));
            Assert.Equal(PrincipalType.Unknown, identity!.Type);
        }
    }
}
