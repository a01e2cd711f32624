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

        // Names and enum values encoded once: Utf8JsonWriter otherwise transcodes and escape-checks them on every line.
        private static readonly JsonEncodedText ActionProperty = JsonEncodedText.Encode("Action");
        private static readonly JsonEncodedText ResourceProperty = JsonEncodedText.Encode("Resource");
        private static readonly JsonEncodedText PrincipalProperty = JsonEncodedText.Encode("Principal");
        private static readonly JsonEncodedText DecisionProperty = JsonEncodedText.Encode("Decision");
        private static readonly JsonEncodedText MatchedStatementsProperty = JsonEncodedText.Encode("MatchedStatements");
        private static readonly JsonEncodedText PolicyTypeProperty = JsonEncodedText.Encode("PolicyType");
        private static readonly JsonEncodedText PolicyProperty = JsonEncodedText.Encode("Policy");
        private static readonly JsonEncodedText StatementIndexProperty = JsonEncodedText.Encode("StatementIndex");
        private static readonly JsonEncodedText SidProperty = JsonEncodedText.Encode("Sid");
        private static readonly JsonEncodedText EffectProperty = JsonEncodedText.Encode("Effect");
        private static readonly JsonEncodedText ExplanationProperty = JsonEncodedText.Encode("Explanation");
        private static readonly JsonEncodedText DeniedByProperty = JsonEncodedText.Encode("DeniedBy");
        private static readonly JsonEncodedText AllowedByProperty = JsonEncodedText.Encode("AllowedBy");
        private static readonly JsonEncodedText MissingContextKeysProperty = JsonEncodedText.Encode("MissingContextKeys");
        private static readonly JsonEncodedText WarningsProperty = JsonEncodedText.Encode("Warnings");
        private static readonly JsonEncodedText AllowedOnResourcesProperty = JsonEncodedText.Encode("AllowedOnResources");
        private static readonly JsonEncodedText AllowedText = JsonEncodedText.Encode("Allowed");
        private static readonly JsonEncodedText ExplicitDenyText = JsonEncodedText.Encode("ExplicitDeny");
        private static readonly JsonEncodedText ImplicitDenyText = JsonEncodedText.Encode("ImplicitDeny");
        private static readonly JsonEncodedText AllowText = JsonEncodedText.Encode("Allow");
        private static readonly JsonEncodedText DenyText = JsonEncodedText.Encode("Deny");
        private static readonly JsonEncodedText[] TypeTexts = Array.ConvertAll(Enum.GetNames(typeof(PolicyType)), name => JsonEncodedText.Encode(name));

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
            writer.WriteString(ActionProperty, result.Action);
            writer.WriteString(ResourceProperty, result.Resource);
            writer.WriteString(PrincipalProperty, result.Principal);
            writer.WriteString(DecisionProperty, DecisionName(result.Decision));
            WriteTypes(writer, DeniedByProperty, result.DeniedBy);
            WriteTypes(writer, AllowedByProperty, result.AllowedBy);
            writer.WriteStartArray(MatchedStatementsProperty);
            // Indexed loops: a foreach over an IReadOnlyList allocates an enumerator, several a line.
            IReadOnlyList<MatchedStatement> statements = result.MatchedStatements;
            for (int i = 0; i < statements.Count; i++)
            {
                MatchedStatement statement = statements[i];
                writer.WriteStartObject();
                writer.WriteString(PolicyTypeProperty, TypeName(statement.PolicyType));
                writer.WriteString(PolicyProperty, statement.Policy);
                writer.WriteNumber(StatementIndexProperty, statement.StatementIndex);
                if (statement.Sid is null)
                {
                    writer.WriteNull(SidProperty);
                }
                else
                {
                    writer.WriteString(SidProperty, statement.Sid);
                }

                writer.WriteString(EffectProperty, statement.Effect == PolicyEffect.Allow ? AllowText : DenyText);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            WriteStrings(writer, MissingContextKeysProperty, result.MissingContextKeys);
            WriteStrings(writer, WarningsProperty, result.Warnings);
            WriteStrings(writer, AllowedOnResourcesProperty, result.AllowedOnResources);
            result.WriteExplanation(writer, ExplanationProperty);
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

        private static void WriteTypes(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<PolicyType> types)
        {
            writer.WriteStartArray(name);
            for (int i = 0; i < types.Count; i++)
            {
                writer.WriteStringValue(TypeName(types[i]));
            }

            writer.WriteEndArray();
        }

        private static void WriteStrings(Utf8JsonWriter writer, JsonEncodedText name, IReadOnlyList<string> values)
        {
            writer.WriteStartArray(name);
            for (int i = 0; i < values.Count; i++)
            {
                writer.WriteStringValue(values[i]);
            }

            writer.WriteEndArray();
        }

        private static JsonEncodedText DecisionName(PolicyDecision decision) => decision switch
        {
            PolicyDecision.Allowed => AllowedText,
            PolicyDecision.ExplicitDeny => ExplicitDenyText,
            _ => ImplicitDenyText,
        };

        private static JsonEncodedText TypeName(PolicyType type) => (int)type >= 0 && (int)type < TypeTexts.Length ? TypeTexts[(int)type] : TypeTexts[TypeTexts.Length - 1];
    }
}
