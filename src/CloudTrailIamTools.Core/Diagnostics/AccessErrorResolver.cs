using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Amazon.Runtime;
using CloudTrailIamTools.Core.AccessDenied;
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

        /// <summary>Longer than any AWS error message, encoded authorization messages and pasted tool output included.</summary>
        internal const int MaxMessageLength = 4 * 1024 * 1024;

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

            bool json = trimmed[0] == '{' || trimmed[0] == '[';
            if (trimmed.Length > (json ? CloudTrailLogStreamReader.DefaultMaxRecordSize : MaxMessageLength))
            {
                // Parsing it would cost gigabytes and echo it back in the output: say what it is instead.
                return new[] { Unrecognized(source, json
                    ? "The JSON text is larger than " + (CloudTrailLogStreamReader.DefaultMaxRecordSize / (1024 * 1024)) + " MB; a CloudTrail event is never that large (read log files with " + OptionNames.Path + ")."
                    : "The text is " + trimmed.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters long; an AWS error message is at most a few KB, so this is not one.") };
            }

            if (json)
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
            try
            {
                return ResolveJsonStrict(element, source);
            }
            catch (InvalidOperationException exception) when (InvalidUtf8.IsCause(exception))
            {
                return new[] { Unrecognized(source, "The JSON holds text that is not valid UTF-8, so it cannot be read as an event.") };
            }
        }

        /// <summary>As <see cref="ResolveJson"/>, but text that is not UTF-8 throws, so readers holding the bytes can repair and retry.</summary>
        internal IReadOnlyList<AccessErrorDiagnosis> ResolveJsonStrict(JsonElement element, string source)
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

        /// <summary>
        /// Diagnoses a file, streamed: a CloudTrail log (.json or .json.gz, record by record), events, arrays of events or
        /// error bodies, one or more per file. Log records are those that failed with an error this module diagnoses
        /// (authorization codes, CloudTrail's prerequisite codes, or a message saying "is not authorized to"), a wider test
        /// than the access-denied report's authorization codes. Bad JSON, text that is not UTF-8, and records over 64 MB
        /// come back as problems naming the file and line; reading goes on after them. A file with no such record gives
        /// one unrecognized diagnosis saying so.
        /// </summary>
        /// <exception cref="InvalidInputException">The file is missing or cannot be opened.</exception>
        public IEnumerable<FileDiagnosisItem> ResolveFile(string path)
        {
            if (Directory.Exists(path))
            {
                throw new InvalidInputException("'" + path + "' is a folder; name the log files in it.", path);
            }

            if (!File.Exists(path))
            {
                throw new InvalidInputException("The file '" + path + "' does not exist.", path);
            }

            Stream stream;
            try
            {
                stream = LogFileStream.Open(path);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                throw new InvalidInputException("The file '" + path + "' could not be read: " + exception.Message, path, exception);
            }

            return ReadFile(path, stream);
        }

        internal IEnumerable<FileDiagnosisItem> ReadFile(string path, Stream stream, int bufferSize = CloudTrailLogStreamReader.DefaultBufferSize, int maxRecordSize = CloudTrailLogStreamReader.DefaultMaxRecordSize)
        {
            using (stream)
            {
                foreach (FileDiagnosisItem item in new AccessErrorFileReader(this, bufferSize, maxRecordSize).Read(path, stream))
                {
                    yield return item;
                }
            }
        }

        /// <summary>One CloudTrail record already known to be a failure the resolver diagnoses.</summary>
        internal AccessErrorDiagnosis ResolveRecord(JsonElement record, string source)
        {
            var draft = new DiagnosisDraft(source);
            CloudTrailEventReader.Read(record, draft);
            return Finish(draft);
        }

        private void ResolveRecords(JsonElement records, string source, List<AccessErrorDiagnosis> results)
        {
            int index = 0;
            int total = 0;
            foreach (JsonElement record in records.EnumerateArray())
            {
                total++;
                if (CloudTrailEventReader.IsDiagnosableFailure(record))
                {
                    results.Add(ResolveRecord(record, source + "#" + index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                }

                index++;
            }

            if (results.Count == 0)
            {
                results.Add(Unrecognized(source, "The log holds " + total.ToString(System.Globalization.CultureInfo.InvariantCulture) + " record(s) and none of them is an access denial."));
            }
        }

        internal AccessErrorDiagnosis Unrecognized(string source, string reason)
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
}
