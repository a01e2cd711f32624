using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core.Aws.Runtime;

namespace CloudTrailIamTools.Core.Aws
{
    public sealed class CloudTrailTrail
    {
        public CloudTrailTrail(string name, string? trailArn, string? homeRegion, string? s3BucketName, string? s3KeyPrefix, string? snsTopicArn,
            bool? includeGlobalServiceEvents, bool? isMultiRegionTrail, bool? isOrganizationTrail, bool? logFileValidationEnabled,
            string? cloudWatchLogsLogGroupArn, string? cloudWatchLogsRoleArn, string? kmsKeyId, bool? hasCustomEventSelectors, bool? hasInsightSelectors)
        {
            Name = name;
            TrailArn = trailArn;
            HomeRegion = homeRegion;
            S3BucketName = s3BucketName;
            S3KeyPrefix = s3KeyPrefix;
            SnsTopicArn = snsTopicArn;
            IncludeGlobalServiceEvents = includeGlobalServiceEvents;
            IsMultiRegionTrail = isMultiRegionTrail;
            IsOrganizationTrail = isOrganizationTrail;
            LogFileValidationEnabled = logFileValidationEnabled;
            CloudWatchLogsLogGroupArn = cloudWatchLogsLogGroupArn;
            CloudWatchLogsRoleArn = cloudWatchLogsRoleArn;
            KmsKeyId = kmsKeyId;
            HasCustomEventSelectors = hasCustomEventSelectors;
            HasInsightSelectors = hasInsightSelectors;
        }

        public string Name { get; }
        public string? TrailArn { get; }
        public string? HomeRegion { get; }
        public string? S3BucketName { get; }
        public string? S3KeyPrefix { get; }
        public string? SnsTopicArn { get; }
        public bool? IncludeGlobalServiceEvents { get; }
        public bool? IsMultiRegionTrail { get; }
        public bool? IsOrganizationTrail { get; }
        public bool? LogFileValidationEnabled { get; }
        public string? CloudWatchLogsLogGroupArn { get; }
        public string? CloudWatchLogsRoleArn { get; }
        public string? KmsKeyId { get; }
        public bool? HasCustomEventSelectors { get; }
        public bool? HasInsightSelectors { get; }

        internal static CloudTrailTrail From(JsonElement e) => new CloudTrailTrail(
            e.Str("Name") ?? string.Empty, e.Str("TrailARN"), e.Str("HomeRegion"), e.Str("S3BucketName"), e.Str("S3KeyPrefix"),
            e.Str("SnsTopicARN"), e.Bool("IncludeGlobalServiceEvents"), e.Bool("IsMultiRegionTrail"), e.Bool("IsOrganizationTrail"),
            e.Bool("LogFileValidationEnabled"), e.Str("CloudWatchLogsLogGroupArn"), e.Str("CloudWatchLogsRoleArn"), e.Str("KmsKeyId"),
            e.Bool("HasCustomEventSelectors"), e.Bool("HasInsightSelectors"));
    }

    public sealed class CloudTrailTrailStatus
    {
        public CloudTrailTrailStatus(bool? isLogging, string? latestDeliveryError, string? latestNotificationError, DateTimeOffset? latestDeliveryTime,
            DateTimeOffset? startLoggingTime, DateTimeOffset? stopLoggingTime, string? latestCloudWatchLogsDeliveryError,
            DateTimeOffset? latestCloudWatchLogsDeliveryTime, string? latestDigestDeliveryError, DateTimeOffset? latestDigestDeliveryTime)
        {
            IsLogging = isLogging;
            LatestDeliveryError = latestDeliveryError;
            LatestNotificationError = latestNotificationError;
            LatestDeliveryTime = latestDeliveryTime;
            StartLoggingTime = startLoggingTime;
            StopLoggingTime = stopLoggingTime;
            LatestCloudWatchLogsDeliveryError = latestCloudWatchLogsDeliveryError;
            LatestCloudWatchLogsDeliveryTime = latestCloudWatchLogsDeliveryTime;
            LatestDigestDeliveryError = latestDigestDeliveryError;
            LatestDigestDeliveryTime = latestDigestDeliveryTime;
        }

        public bool? IsLogging { get; }
        public string? LatestDeliveryError { get; }
        public string? LatestNotificationError { get; }
        public DateTimeOffset? LatestDeliveryTime { get; }
        public DateTimeOffset? StartLoggingTime { get; }
        public DateTimeOffset? StopLoggingTime { get; }
        public string? LatestCloudWatchLogsDeliveryError { get; }
        public DateTimeOffset? LatestCloudWatchLogsDeliveryTime { get; }
        public string? LatestDigestDeliveryError { get; }
        public DateTimeOffset? LatestDigestDeliveryTime { get; }

        internal static CloudTrailTrailStatus From(JsonElement e) => new CloudTrailTrailStatus(
            e.Bool("IsLogging"), e.Str("LatestDeliveryError"), e.Str("LatestNotificationError"), e.Date("LatestDeliveryTime"),
            e.Date("StartLoggingTime"), e.Date("StopLoggingTime"), e.Str("LatestCloudWatchLogsDeliveryError"),
            e.Date("LatestCloudWatchLogsDeliveryTime"), e.Str("LatestDigestDeliveryError"), e.Date("LatestDigestDeliveryTime"));
    }

    public sealed class CloudTrailEventResource
    {
        public CloudTrailEventResource(string? resourceType, string? resourceName)
        {
            ResourceType = resourceType;
            ResourceName = resourceName;
        }

        public string? ResourceType { get; }
        public string? ResourceName { get; }
    }

    /// <summary>One LookupEvents result; <see cref="RawEvent"/> is the full CloudTrail record as JSON text.</summary>
    public sealed class CloudTrailEvent
    {
        public CloudTrailEvent(string? eventId, string? eventName, string? eventSource, DateTimeOffset? eventTime, string? username,
            string? accessKeyId, bool? readOnly, IReadOnlyList<CloudTrailEventResource> resources, string? rawEvent)
        {
            EventId = eventId;
            EventName = eventName;
            EventSource = eventSource;
            EventTime = eventTime;
            Username = username;
            AccessKeyId = accessKeyId;
            ReadOnly = readOnly;
            Resources = resources;
            RawEvent = rawEvent;
        }

        public string? EventId { get; }
        public string? EventName { get; }
        public string? EventSource { get; }
        public DateTimeOffset? EventTime { get; }
        public string? Username { get; }
        public string? AccessKeyId { get; }
        public bool? ReadOnly { get; }
        public IReadOnlyList<CloudTrailEventResource> Resources { get; }
        public string? RawEvent { get; }

        internal static CloudTrailEvent From(JsonElement e) => new CloudTrailEvent(
            e.Str("EventId"), e.Str("EventName"), e.Str("EventSource"), e.Date("EventTime"), e.Str("Username"), e.Str("AccessKeyId"),
            e.Bool("ReadOnly"), e.Array("Resources").Select(r => new CloudTrailEventResource(r.Str("ResourceType"), r.Str("ResourceName"))).ToList(),
            e.Str("CloudTrailEvent"));
    }

    /// <summary>LookupEvents filter attribute keys.</summary>
    public enum CloudTrailLookupAttributeKey
    {
        EventId,
        EventName,
        ReadOnly,
        Username,
        ResourceType,
        ResourceName,
        EventSource,
        AccessKeyId,
    }

    /// <summary>Input of LookupEvents (the API accepts at most one lookup attribute).</summary>
    public sealed class CloudTrailLookupRequest
    {
        public CloudTrailLookupAttributeKey? AttributeKey { get; init; }
        public string? AttributeValue { get; init; }
        public DateTimeOffset? StartTime { get; init; }
        public DateTimeOffset? EndTime { get; init; }

        /// <summary>Stop after this many events across pages (null: all).</summary>
        public int? MaxEvents { get; init; }
    }
}
