namespace CloudTrailIamTools.Core
{
    /// <summary>The parameters the core's messages name; both front ends bind them (the parity test holds them to it).</summary>
    public static class OptionNames
    {
        public static readonly OptionName Force = new OptionName("Force");
        public static readonly OptionName TrustedAccountId = new OptionName("TrustedAccountId");
        public static readonly OptionName Resource = new OptionName("Resource");
        public static readonly OptionName AccessLevel = new OptionName("AccessLevel");
        public static readonly OptionName RoleName = new OptionName("RoleName");
        public static readonly OptionName ThirdParty = new OptionName("ThirdParty");
        public static readonly OptionName ExternalId = new OptionName("ExternalId");
        public static readonly OptionName LogPrefix = new OptionName("LogPrefix");
        public static readonly OptionName LogBucketName = new OptionName("LogBucketName");
        public static readonly OptionName OrganizationId = new OptionName("OrganizationId");
        public static readonly OptionName DelegatedAdministratorAccountId = new OptionName("DelegatedAdministratorAccountId", "delegated-admin");
        public static readonly OptionName Path = new OptionName("Path");
        public static readonly OptionName ProfileName = new OptionName("ProfileName", "profile");
        public static readonly OptionName ProfileLocation = new OptionName("ProfileLocation");
        public static readonly OptionName Region = new OptionName("Region");
        public static readonly OptionName EndpointUrl = new OptionName("EndpointUrl");
        public static readonly OptionName TimeoutSec = new OptionName("TimeoutSec", "timeout");

        // The module's own credential parameters (the CLI reads keys from the environment, as the AWS CLI does).
        public static readonly OptionName AccessKey = new OptionName("AccessKey");
        public static readonly OptionName SecretKey = new OptionName("SecretKey");
        public static readonly OptionName SessionToken = new OptionName("SessionToken");
        public static readonly OptionName Credential = new OptionName("Credential");
    }
}
