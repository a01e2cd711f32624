using System;
using System.Collections.Generic;
using System.Linq;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// One AWS API call a remediation step asks the user to make, named by the API (service prefix, operation and
    /// request parameters), so that each front end can write it in its own tool: an AWS.Tools cmdlet line for the
    /// module, an aws CLI line for the CLI. The core names no cmdlet and no CLI command.
    /// </summary>
    public sealed class AwsOperationCall
    {
        public AwsOperationCall(string service, string operation, params (string Name, string Value)[] parameters)
        {
            Service = string.IsNullOrWhiteSpace(service) ? throw new ArgumentException("A service prefix is required.", nameof(service)) : service;
            Operation = string.IsNullOrWhiteSpace(operation) ? throw new ArgumentException("An operation is required.", nameof(operation)) : operation;
            Parameters = (parameters ?? Array.Empty<(string, string)>())
                .Select(p => new KeyValuePair<string, string>(p.Name, p.Value))
                .ToArray();
        }

        /// <summary>The IAM service prefix, e.g. iam, sts, organizations, cloudtrail.</summary>
        public string Service { get; }

        /// <summary>The API operation, e.g. CreateServiceLinkedRole.</summary>
        public string Operation { get; }

        /// <summary>Request parameters by their API names (e.g. AWSServiceName), in the order to write them; values may be placeholders such as &lt;account-id&gt;.</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; }

        /// <summary>service:Operation, the name IAM policies and CloudTrail use.</summary>
        public string ActionName => Service + ":" + Operation;

        /// <summary>In words: "iam:CreateServiceLinkedRole with AWSServiceName cloudtrail.amazonaws.com".</summary>
        public override string ToString() =>
            ActionName + (Parameters.Count == 0 ? string.Empty : " with " + string.Join(" and ", Parameters.Select(p => p.Key + " " + p.Value)));
    }
}
