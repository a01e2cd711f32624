using System;
using Amazon.Runtime.Internal.Endpoints.StandardLibrary;

namespace CloudTrailIamTools.Core.Aws.Runtime
{
    /// <summary>What the SDK machinery needs to know about one service our clients talk to.</summary>
    internal sealed class AwsServiceDefinition
    {
        public static readonly AwsServiceDefinition Iam = new AwsServiceDefinition(
            AwsService.Iam, "IAM", "iam", "iam", "2010-05-08", "Amazon.IdentityManagement", null);

        public static readonly AwsServiceDefinition CloudTrail = new AwsServiceDefinition(
            AwsService.CloudTrail, "CloudTrail", "cloudtrail", "cloudtrail", "2013-11-01", "Amazon.CloudTrail",
            "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101");

        public static readonly AwsServiceDefinition Organizations = new AwsServiceDefinition(
            AwsService.Organizations, "Organizations", "organizations", "organizations", "2016-11-28", "Amazon.Organizations",
            "AWSOrganizationsV20161128");

        private AwsServiceDefinition(
            AwsService service, string serviceId, string endpointPrefix, string signingName, string apiVersion, string sdkServiceName, string? jsonTargetPrefix)
        {
            Service = service;
            ServiceId = serviceId;
            EndpointPrefix = endpointPrefix;
            SigningName = signingName;
            ApiVersion = apiVersion;
            SdkServiceName = sdkServiceName;
            JsonTargetPrefix = jsonTargetPrefix;
        }

        public AwsService Service { get; }

        /// <summary>The SDK's ServiceId (drives AWS_ENDPOINT_URL_&lt;ID&gt; and metrics).</summary>
        public string ServiceId { get; }

        public string EndpointPrefix { get; }

        public string SigningName { get; }

        public string ApiVersion { get; }

        public string SdkServiceName { get; }

        /// <summary>X-Amz-Target prefix for JSON 1.1 services; null for the Query protocol.</summary>
        public string? JsonTargetPrefix { get; }

        /// <summary>
        /// The public endpoint and signing region for a region. The partition (its DNS suffix and the home region of
        /// its global services) comes from the SDK's own partition data, so a new region or partition needs no change
        /// here. IAM and Organizations are global per partition and sign for that home region; the only hosts the
        /// partition data cannot give are IAM's older ones, written out below as IAM's endpoint rules give them.
        /// </summary>
        public (string Url, string SigningRegion) ResolvePublicEndpoint(string region)
        {
            Partition partition = Fn.Partition(region);
            string suffix = string.IsNullOrEmpty(partition.dnsSuffix) ? "amazonaws.com" : partition.dnsSuffix;
            string home = string.IsNullOrEmpty(partition.implicitGlobalRegion) ? region : partition.implicitGlobalRegion;
            switch (Service)
            {
                case AwsService.Iam:
                    switch (partition.name)
                    {
                        case "aws": return ($"https://iam.{suffix}", home);
                        case "aws-us-gov": return ($"https://iam.us-gov.{suffix}", home);
                        case "aws-cn": return ($"https://iam.cn-north-1.{suffix}", "cn-north-1");
                        default: return ($"https://iam.{home}.{suffix}", home);
                    }

                case AwsService.Organizations:
                    return ($"https://organizations.{home}.{suffix}", home);

                default:
                    return ($"https://{EndpointPrefix}.{region}.{suffix}", region);
            }
        }

        public static AwsServiceDefinition For(AwsService service)
        {
            switch (service)
            {
                case AwsService.Iam: return Iam;
                case AwsService.CloudTrail: return CloudTrail;
                case AwsService.Organizations: return Organizations;
                default: throw new ArgumentOutOfRangeException(nameof(service), service, "STS uses AWSSDK.SecurityToken's own client.");
            }
        }
    }
}
