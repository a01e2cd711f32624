using System;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Live
{
    /// <summary>
    /// A policy the caller supplied, parsed once up front, with its text kept: IAM's simulator takes a resource policy
    /// as JSON, while the engine evaluates the parsed document.
    /// </summary>
    public sealed class SuppliedPolicy
    {
        private SuppliedPolicy(string json, PolicyDocument document)
        {
            Json = json;
            Document = document;
        }

        /// <summary>The JSON text as given.</summary>
        public string Json { get; }

        /// <summary>The parsed document; its Name is the name given (a file path, or the input's label).</summary>
        public PolicyDocument Document { get; }

        /// <summary>Parses <paramref name="json"/>; errors name <paramref name="errorLabel"/> and the bad element's path.</summary>
        /// <param name="json">The policy text.</param>
        /// <param name="name">The policy's name in results (a file path); null for an anonymous document.</param>
        /// <param name="errorLabel">What errors call the policy (where it was given).</param>
        /// <param name="cache">Parses each distinct text once when given.</param>
        /// <exception cref="PolicyFormatException">The text is not a valid policy.</exception>
        public static SuppliedPolicy Parse(string json, string? name, string errorLabel, PolicyCache? cache = null)
        {
            if (json is null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            return new SuppliedPolicy(json, cache is null ? PolicyDocument.Parse(json, name, errorLabel) : cache.GetOrParse(json, name, errorLabel));
        }
    }
}
