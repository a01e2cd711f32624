using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using CloudTrailIamTools.Core.Policies;

namespace CloudTrailIamTools.Core.Evaluation
{
    /// <summary>
    /// Writes results as JSON without reflection, for the batch path. The shape equals what CoreJson.Output
    /// produces for an EvaluationResult (same property names and order, enums as names, absent values null).
    /// </summary>
    public static class EvaluationResultWriter
    {
        private static readonly JsonWriterOptions CompactOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        private static readonly JsonWriterOptions IndentedOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

        internal static JsonWriterOptions Compact => CompactOptions;

        public static string ToJson(EvaluationResult result, bool indented = false)
        {
            using var stream = new MemoryStream(1024);
            using (var writer = new Utf8JsonWriter(stream, indented ? IndentedOptions : CompactOptions))
            {
                Write(writer, result);
            }

            return Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
        }

        public static void Write(Utf8JsonWriter writer, EvaluationResult result)
        {
            if (writer is null)
            {
                throw new ArgumentNullException(nameof(writer));
            }

            writer.WriteStartObject();
            writer.WriteString("Action", result.Action);
            writer.WriteString("Resource", result.Resource);
            writer.WriteString("Principal", result.Principal);
            writer.WriteString("Decision", DecisionName(result.Decision));
            WriteTypes(writer, "DeniedBy", result.DeniedBy);
            WriteTypes(writer, "AllowedBy", result.AllowedBy);
            writer.WriteStartArray("MatchedStatements");
            foreach (MatchedStatement statement in result.MatchedStatements)
            {
                writer.WriteStartObject();
                writer.WriteString("PolicyType", TypeName(statement.PolicyType));
                writer.WriteString("Policy", statement.Policy);
                writer.WriteNumber("StatementIndex", statement.StatementIndex);
                if (statement.Sid is null)
                {
                    writer.WriteNull("Sid");
                }
                else
                {
                    writer.WriteString("Sid", statement.Sid);
                }

                writer.WriteString("Effect", statement.Effect == PolicyEffect.Allow ? "Allow" : "Deny");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteStrings(writer, "MissingContextKeys", result.MissingContextKeys);
            WriteStrings(writer, "Warnings", result.Warnings);
            WriteStrings(writer, "AllowedOnResources", result.AllowedOnResources);
            writer.WriteString("Explanation", result.Explanation);
            writer.WriteEndObject();
        }

        /// <summary>The line written in place of a result when a request cannot be read: names the line and what is wrong.</summary>
        public static void WriteError(Utf8JsonWriter writer, long lineNumber, CloudTrailIamToolsException error)
        {
            writer.WriteStartObject();
            writer.WriteNumber("Line", lineNumber);
            writer.WriteString("Error", error.Message);
            writer.WriteString("ErrorId", error.ErrorId);
            string? location = error switch
            {
                InvalidInputException input => input.Location,
                PolicyFormatException policy => policy.PolicyName + (policy.Path.Length == 0 ? string.Empty : ":" + policy.Path),
                _ => null,
            };
            if (location is null)
            {
                writer.WriteNull("Location");
            }
            else
            {
                writer.WriteString("Location", location);
            }

            writer.WriteEndObject();
        }

        private static void WriteTypes(Utf8JsonWriter writer, string name, IReadOnlyList<PolicyType> types)
        {
            writer.WriteStartArray(name);
            foreach (PolicyType type in types)
            {
                writer.WriteStringValue(TypeName(type));
            }

            writer.WriteEndArray();
        }

        private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
        {
            writer.WriteStartArray(name);
            foreach (string value in values)
            {
                writer.WriteStringValue(value);
            }

            writer.WriteEndArray();
        }

        private static string DecisionName(PolicyDecision decision) => decision switch
        {
            PolicyDecision.Allowed => "Allowed",
            PolicyDecision.ExplicitDeny => "ExplicitDeny",
            _ => "ImplicitDeny",
        };

        private static string TypeName(PolicyType type) => type switch
        {
            PolicyType.IdentityBased => "IdentityBased",
            PolicyType.ResourceBased => "ResourceBased",
            PolicyType.ServiceControl => "ServiceControl",
            PolicyType.ResourceControl => "ResourceControl",
            PolicyType.PermissionsBoundary => "PermissionsBoundary",
            PolicyType.Session => "Session",
            PolicyType.VpcEndpoint => "VpcEndpoint",
            PolicyType.RoleTrust => "RoleTrust",
            PolicyType.AwsOwnedResource => "AwsOwnedResource",
            _ => "RootUserRestriction",
        };
    }
}
