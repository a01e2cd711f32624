using System;
using CloudTrailIamTools.Core;

namespace CloudTrailIamTools.Infrastructure
{
    /// <summary>A policy parameter that cannot be read or parsed, with the value the user gave for the error record's target.</summary>
    internal sealed class PolicyInputException : Exception
    {
        public PolicyInputException(CloudTrailIamToolsException failure, object target)
            : base(failure.Message, failure)
        {
            Failure = failure;
            Target = target;
        }

        public CloudTrailIamToolsException Failure { get; }

        public object Target { get; }
    }
}
