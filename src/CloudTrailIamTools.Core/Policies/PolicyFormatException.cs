using System;

namespace CloudTrailIamTools.Core.Policies
{
    /// <summary>
    /// A policy document that cannot be used: bad JSON, an unknown element, a wrong type or a missing or
    /// conflicting element. Names the policy and the JSON path of the offending element.
    /// </summary>
    public sealed class PolicyFormatException : CloudTrailIamToolsException
    {
        public PolicyFormatException(string policyName, string path, string problem, Exception? innerException = null)
            : base(Compose(policyName, path, problem), innerException)
        {
            PolicyName = policyName;
            Path = path;
            Problem = problem;
        }

        /// <summary>The policy's name, or where it sat in the request (IdentityPolicies[1]) when it has none.</summary>
        public string PolicyName { get; }

        /// <summary>The JSON path of the bad element inside the policy, such as Statement[1].Condition.StringEquals; empty for the whole document.</summary>
        public string Path { get; }

        /// <summary>What is wrong, without the policy name and path.</summary>
        public string Problem { get; }

        public override string ErrorId => "InvalidPolicyDocument";

        public override FailureCategory Category => FailureCategory.InvalidData;

        private static string Compose(string policyName, string path, string problem) =>
            path.Length == 0
                ? "Policy '" + policyName + "': " + problem
                : "Policy '" + policyName + "' at " + path + ": " + problem;
    }
}
