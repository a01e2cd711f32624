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
            _ => "VpcEndpoint",
        };
    }

    /// <summary>Counts from a batch run.</summary>
    public sealed class BatchSummary
    {
        public BatchSummary(long requests, long allowed, long denied, long errors)
        {
            Requests = requests;
            Allowed = allowed;
            Denied = denied;
            Errors = errors;
        }

        public long Requests { get; }

        public long Allowed { get; }

        public long Denied { get; }

        public long Errors { get; }
    }

    /// <summary>
    /// The JSON Lines path: one request per line in, one result (or error) line out, in order. A bad line
    /// yields {"Line", "Error", "ErrorId", "Location"} and the batch goes on. Policies are parsed once per
    /// distinct text. One instance per batch; not thread-safe.
    /// </summary>
    public sealed class EvaluationBatchProcessor
    {
        private readonly EvaluationRequestReader reader;
        private readonly EvaluationOptions options;
        private readonly MemoryStream buffer = new MemoryStream(4096);
        private readonly Utf8JsonWriter writer;

        public EvaluationBatchProcessor(EvaluationOptions? options = null, PolicyCache? cache = null)
        {
            this.options = options ?? EvaluationOptions.Default;
            reader = new EvaluationRequestReader(cache ?? new PolicyCache());
            writer = new Utf8JsonWriter(buffer, EvaluationResultWriter.Compact);
        }

        public EvaluationRequestReader Reader => reader;

        /// <summary>Evaluates one line and returns the output line (without a line break).</summary>
        public string ProcessLine(string line, long lineNumber) => ProcessLine(line, lineNumber, out _);

        /// <summary>Reads every non-blank line of <paramref name="input"/> and writes one output line each.</summary>
        public BatchSummary Run(TextReader input, TextWriter output)
        {
            long lineNumber = 0;
            long requests = 0;
            long allowed = 0;
            long errors = 0;
            string? line;
            while ((line = input.ReadLine()) is not null)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                requests++;
                output.WriteLine(ProcessLine(line, lineNumber, out PolicyDecision? decision));
                if (decision is null)
                {
                    errors++;
                }
                else if (decision == PolicyDecision.Allowed)
                {
                    allowed++;
                }
            }

            return new BatchSummary(requests, allowed, requests - allowed - errors, errors);
        }

        private string ProcessLine(string line, long lineNumber, out PolicyDecision? decision)
        {
            buffer.SetLength(0);
            writer.Reset(buffer);
            try
            {
                EvaluationResult result = PolicyEvaluator.Evaluate(reader.Parse(line), options);
                EvaluationResultWriter.Write(writer, result);
                decision = result.Decision;
            }
            catch (CloudTrailIamToolsException error)
            {
                buffer.SetLength(0);
                writer.Reset(buffer);
                EvaluationResultWriter.WriteError(writer, lineNumber, error);
                decision = null;
            }

            writer.Flush();
            return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
    }
}
