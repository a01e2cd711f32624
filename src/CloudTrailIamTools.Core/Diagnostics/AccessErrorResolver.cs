using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Text.Json;
using Amazon.Runtime;
using CloudTrailIamTools.Core.Catalog;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// The entry point for diagnosing access errors from any source: message text, exceptions, CloudTrail events
    /// and log files. Text and exception entry points never throw; only file access can fail, with a typed error.
    /// </summary>
    public sealed class AccessErrorResolver
    {
        public const string MessageSource = "Message";
        public const string ExceptionSource = "Exception";
        public const string EventSource = "Event";

        private static readonly Lazy<AccessErrorResolver> DefaultInstance =
            new Lazy<AccessErrorResolver>(() => new AccessErrorResolver(IamCatalog.Default));

        private static readonly string[] Ec2Only = { "ec2" };
        private static readonly string[] XmlServices = { "s3", "iam", "sts" };

        private static readonly JsonDocumentOptions DocumentOptions = new JsonDocumentOptions { MaxDepth = 256 };

        private readonly RemediationAdvisor advisor;
        private readonly IamCatalog catalog;

        public AccessErrorResolver(IamCatalog catalog)
        {
            this.catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
            advisor = new RemediationAdvisor(catalog);
        }

        public static AccessErrorResolver Default => DefaultInstance.Value;

        /// <summary>Whether a CloudTrail record's errorCode means the caller was refused (AccessDenied, UnauthorizedOperation, ...).</summary>
        public static bool IsDeniedEventErrorCode(string? errorCode) => KnownErrorCodes.IsAuthorizationCode(errorCode);

        /// <summary>
        /// Diagnoses one input: a message (with or without tool wrappers), a JSON event, a JSON error body, or a log
        /// object ({"Records": [...]}), which yields one diagnosis per denied event. Always at least one result.
        /// </summary>
        public IReadOnlyList<AccessErrorDiagnosis> Resolve(string? text, string source = MessageSource)
        {
            string trimmed = text?.Trim() ?? string.Empty;
            if (trimmed.Length == 0)
            {
                return new[] { Unrecognized(source, "The input is empty.") };
            }

            if (trimmed[0] == '{' || trimmed[0] == '[')
            {
                string? jsonProblem;
                try
                {
                    using JsonDocument document = JsonDocument.Parse(trimmed, DocumentOptions);
                    return ResolveJson(document.RootElement, source);
                }
                catch (JsonException exception)
                {
                    jsonProblem = "It starts like JSON but is not valid JSON (" + exception.Message + ").";
                }

                AccessErrorDiagnosis fromText = ResolveMessage(trimmed, source);
                return new[] { fromText.Recognized ? fromText : Unrecognized(source, jsonProblem) };
            }

            return new[] { ResolveMessage(trimmed, source) };
        }

        /// <summary>Diagnoses one message text; JSON inside it is read as text.</summary>
        public AccessErrorDiagnosis ResolveMessage(string? text, string source = MessageSource)
        {
            var draft = new DiagnosisDraft(source);
            AccessDeniedMessageParser.Parse(text ?? string.Empty, draft);
            return Finish(draft);
        }

        /// <summary>
        /// Diagnoses an exception chain: AWS.Tools wraps the service's AmazonServiceException in an
        /// InvalidOperationException, so inner exceptions are walked and the service's ErrorCode is used.
        /// </summary>
        public AccessErrorDiagnosis ResolveException(Exception? exception, string source = ExceptionSource, string? operation = null)
        {
            var draft = new DiagnosisDraft(source) { Operation = operation };
            if (exception is null)
            {
                draft.UnrecognizedReason = "No exception was given.";
                return Finish(draft);
            }

            Exception? service = null;
            string? typedCode = null;
            foreach (Exception current in Walk(exception))
            {
                if (service is null && (current is AmazonServiceException || current is IServiceErrorSource))
                {
                    service = current;
                }

                string typeName = current.GetType().Name;
                if (typedCode is null && !AccessDeniedMessageParser.IsGenericExceptionName(typeName) && KnownErrorCodes.IsDiagnosable(typeName))
                {
                    typedCode = typeName;
                }
            }

            string? code = service switch
            {
                AmazonServiceException amazon => amazon.ErrorCode,
                IServiceErrorSource ours => ours.ErrorCode,
                _ => null,
            };
            if (string.IsNullOrEmpty(code))
            {
                code = typedCode;
            }

            if (!string.IsNullOrEmpty(code))
            {
                AccessDeniedMessageParser.SetErrorCode(draft, code!);
            }

            if (service is IServiceErrorSource call)
            {
                draft.Operation ??= call.Operation;
                AccessDeniedMessageParser.Parse(call.ServiceMessage ?? string.Empty, draft);
            }
            else
            {
                AccessDeniedMessageParser.Parse((service ?? exception).Message ?? string.Empty, draft);
            }

            return Finish(draft);
        }

        /// <summary>
        /// Diagnoses the JSON that sts:DecodeAuthorizationMessage returned for an encoded authorization failure:
        /// principal, action, resource, region and whether a statement denied explicitly. What the original
        /// diagnosis knew (source, error code, operation, encoded blob, event) is kept. Never throws.
        /// </summary>
        public AccessErrorDiagnosis ResolveDecodedMessage(string? decodedMessage, AccessErrorDiagnosis? original = null)
        {
            var draft = new DiagnosisDraft(original?.Source ?? "DecodedMessage")
            {
                ErrorCode = original?.ErrorCode,
                Operation = original?.Operation,
                Region = original?.Region,
                Message = original?.Message,
                EncodedMessage = original?.EncodedMessage,
                EventTime = original?.EventTime,
                EventId = original?.EventId,
            };
            DecodedAuthorizationMessageReader.Read(decodedMessage ?? string.Empty, draft);
            return Finish(draft);
        }

        /// <summary>Diagnoses parsed JSON: an event, a log object with Records, an array of either, or an error body.</summary>
        public IReadOnlyList<AccessErrorDiagnosis> ResolveJson(JsonElement element, string source = EventSource)
        {
            var results = new List<AccessErrorDiagnosis>();
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("Records", out JsonElement records) && records.ValueKind == JsonValueKind.Array)
            {
                ResolveRecords(records, source, results);
            }
            else if (element.ValueKind == JsonValueKind.Array)
            {
                ResolveRecords(element, source, results);
            }
            else if (CloudTrailEventReader.IsEvent(element))
            {
                var draft = new DiagnosisDraft(source);
                CloudTrailEventReader.Read(element, draft);
                results.Add(Finish(draft));
            }
            else
            {
                var draft = new DiagnosisDraft(source);
                if (!CloudTrailEventReader.TryReadErrorBody(element, draft))
                {
                    draft.UnrecognizedReason = "The JSON is neither a CloudTrail event, a CloudTrail log file ({\"Records\": [...]}), nor an AWS error body.";
                }

                results.Add(Finish(draft));
            }

            return results;
        }

        /// <summary>Diagnoses the denied events of a CloudTrail log file (.json or .json.gz).</summary>
        /// <exception cref="InvalidInputException">The file is missing, unreadable, not gzip or not JSON.</exception>
        public IReadOnlyList<AccessErrorDiagnosis> ResolveFile(string path)
        {
            if (!File.Exists(path))
            {
                throw new InvalidInputException("The file '" + path + "' does not exist.", path);
            }

            try
            {
                using Stream file = File.OpenRead(path);
                using Stream content = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
                using JsonDocument document = JsonDocument.Parse(content, DocumentOptions);
                return ResolveJson(document.RootElement, path);
            }
            catch (JsonException exception)
            {
                throw new InvalidInputException("The file '" + path + "' is not valid JSON: " + exception.Message, path, exception);
            }
            catch (InvalidDataException exception)
            {
                throw new InvalidInputException("The file '" + path + "' is not a valid gzip file: " + exception.Message, path, exception);
            }
            catch (IOException exception)
            {
                throw new InvalidInputException("The file '" + path + "' could not be read: " + exception.Message, path, exception);
            }
            catch (UnauthorizedAccessException exception)
            {
                throw new InvalidInputException("The file '" + path + "' could not be read: " + exception.Message, path, exception);
            }
        }

        private void ResolveRecords(JsonElement records, string source, List<AccessErrorDiagnosis> results)
        {
            int index = 0;
            int total = 0;
            foreach (JsonElement record in records.EnumerateArray())
            {
                total++;
                if (CloudTrailEventReader.IsDenied(record))
                {
                    var draft = new DiagnosisDraft(source + "#" + index.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    CloudTrailEventReader.Read(record, draft);
                    results.Add(Finish(draft));
                }

                index++;
            }

            if (results.Count == 0)
            {
                results.Add(Unrecognized(source, "The log holds " + total.ToString(System.Globalization.CultureInfo.InvariantCulture) + " record(s) and none of them is an access denial."));
            }
        }

        private AccessErrorDiagnosis Unrecognized(string source, string reason)
        {
            var draft = new DiagnosisDraft(source) { UnrecognizedReason = reason };
            return Finish(draft);
        }

        private AccessErrorDiagnosis Finish(DiagnosisDraft draft)
        {
            InferFromService(draft);
            advisor.Advise(draft);
            return draft.Build();
        }

        /// <summary>
        /// When a wrapper named the service (Go's "operation error CloudTrail: CreateTrail", Terraform's "creating CloudTrail
        /// Trail") and the message names no action, the action is service:Operation if the catalog has it (marked inferred).
        /// </summary>
        private void InferFromService(DiagnosisDraft draft)
        {
            string? prefix = draft.ServiceHint is null ? null : ServiceNames.ToPrefix(draft.ServiceHint);
            if (prefix is null)
            {
                InferFromProtocol(draft);
                return;
            }

            if (draft.Operation is null && draft.OperationCandidate is not null && catalog.TryGetAction(prefix + ":" + draft.OperationCandidate, out _))
            {
                draft.Operation = draft.OperationCandidate;
            }

            if (draft.Action is null && draft.Operation is not null && draft.Operation.IndexOf('-') < 0 &&
                catalog.TryGetAction(prefix + ":" + draft.Operation, out ActionInfo? action))
            {
                draft.Action = action.FullName;
                draft.ActionInferred = true;
            }
        }

        /// <summary>
        /// The AWS CLI names the operation but not the service; the error code's protocol narrows it: UnauthorizedOperation
        /// is EC2's, AccessDenied the XML services' (S3, IAM, STS). JSON services (AccessDeniedException) are left to the
        /// advisor, which prefers CloudTrail.
        /// </summary>
        private void InferFromProtocol(DiagnosisDraft draft)
        {
            if (draft.Action is not null || draft.Operation is null || draft.Operation.IndexOf('-') >= 0 || draft.ErrorCode is null)
            {
                return;
            }

            string[] services = draft.ErrorCode.EndsWith("UnauthorizedOperation", StringComparison.Ordinal) ? Ec2Only
                : draft.ErrorCode.Equals("AccessDenied", StringComparison.Ordinal) ? XmlServices
                : Array.Empty<string>();
            foreach (string service in services)
            {
                if (catalog.TryGetAction(service + ":" + draft.Operation, out ActionInfo? action))
                {
                    draft.Action = action.FullName;
                    draft.ActionInferred = true;
                    return;
                }
            }
        }

        private static IEnumerable<Exception> Walk(Exception root)
        {
            var pending = new Stack<Exception>();
            pending.Push(root);
            int guard = 0;
            while (pending.Count > 0 && guard++ < 64)
            {
                Exception current = pending.Pop();
                yield return current;
                if (current is AggregateException aggregate)
                {
                    for (int i = aggregate.InnerExceptions.Count - 1; i >= 0; i--)
                    {
                        pending.Push(aggregate.InnerExceptions[i]);
                    }
                }
                else if (current.InnerException is not null)
                {
                    pending.Push(current.InnerException);
                }
            }
        }
    }

    /// <summary>Implemented by this project's own service-call exceptions so the resolver reads their error code.</summary>
    public interface IServiceErrorSource
    {
        string? ErrorCode { get; }

        /// <summary>The service's own message, without any wrapper text.</summary>
        string ServiceMessage { get; }

        /// <summary>The API operation that failed.</summary>
        string Operation { get; }
    }
}
