using System;
using System.Text.Json;
using CloudTrailIamTools.Core.Aws.Runtime;

namespace CloudTrailIamTools.Core.Aws
{
    public sealed class AwsOrganization
    {
        public AwsOrganization(string id, string? arn, string? featureSet, string? managementAccountArn, string? managementAccountId, string? managementAccountEmail)
        {
            Id = id;
            Arn = arn;
            FeatureSet = featureSet;
            ManagementAccountArn = managementAccountArn;
            ManagementAccountId = managementAccountId;
            ManagementAccountEmail = managementAccountEmail;
        }

        public string Id { get; }
        public string? Arn { get; }

        /// <summary>ALL or CONSOLIDATED_BILLING.</summary>
        public string? FeatureSet { get; }
        public string? ManagementAccountArn { get; }
        public string? ManagementAccountId { get; }
        public string? ManagementAccountEmail { get; }

        public bool AllFeaturesEnabled => string.Equals(FeatureSet, "ALL", StringComparison.Ordinal);

        internal static AwsOrganization From(JsonElement e) => new AwsOrganization(
            e.Str("Id") ?? string.Empty, e.Str("Arn"), e.Str("FeatureSet"), e.Str("MasterAccountArn"), e.Str("MasterAccountId"), e.Str("MasterAccountEmail"));
    }

    public sealed class OrganizationAccount
    {
        public OrganizationAccount(string id, string? arn, string? email, string? name, string? status, string? joinedMethod, DateTimeOffset? joinedTimestamp)
        {
            Id = id;
            Arn = arn;
            Email = email;
            Name = name;
            Status = status;
            JoinedMethod = joinedMethod;
            JoinedTimestamp = joinedTimestamp;
        }

        public string Id { get; }
        public string? Arn { get; }
        public string? Email { get; }
        public string? Name { get; }

        /// <summary>ACTIVE, SUSPENDED or PENDING_CLOSURE.</summary>
        public string? Status { get; }
        public string? JoinedMethod { get; }
        public DateTimeOffset? JoinedTimestamp { get; }

        internal static OrganizationAccount From(JsonElement e) => new OrganizationAccount(
            e.Str("Id") ?? string.Empty, e.Str("Arn"), e.Str("Email"), e.Str("Name"), e.Str("Status"), e.Str("JoinedMethod"), e.Date("JoinedTimestamp"));
    }

    public sealed class EnabledServicePrincipal
    {
        public EnabledServicePrincipal(string servicePrincipal, DateTimeOffset? dateEnabled)
        {
            ServicePrincipal = servicePrincipal;
            DateEnabled = dateEnabled;
        }

        public string ServicePrincipal { get; }
        public DateTimeOffset? DateEnabled { get; }

        internal static EnabledServicePrincipal From(JsonElement e) => new EnabledServicePrincipal(e.Str("ServicePrincipal") ?? string.Empty, e.Date("DateEnabled"));
    }

    public sealed class DelegatedAdministrator
    {
        public DelegatedAdministrator(string accountId, string? arn, string? email, string? name, string? status, string? joinedMethod,
            DateTimeOffset? joinedTimestamp, DateTimeOffset? delegationEnabledDate)
        {
            AccountId = accountId;
            Arn = arn;
            Email = email;
            Name = name;
            Status = status;
            JoinedMethod = joinedMethod;
            JoinedTimestamp = joinedTimestamp;
            DelegationEnabledDate = delegationEnabledDate;
        }

        public string AccountId { get; }
        public string? Arn { get; }
        public string? Email { get; }
        public string? Name { get; }
        public string? Status { get; }
        public string? JoinedMethod { get; }
        public DateTimeOffset? JoinedTimestamp { get; }
        public DateTimeOffset? DelegationEnabledDate { get; }

        internal static DelegatedAdministrator From(JsonElement e) => new DelegatedAdministrator(
            e.Str("Id") ?? string.Empty, e.Str("Arn"), e.Str("Email"), e.Str("Name"), e.Str("Status"), e.Str("JoinedMethod"),
            e.Date("JoinedTimestamp"), e.Date("DelegationEnabledDate"));
    }
}
