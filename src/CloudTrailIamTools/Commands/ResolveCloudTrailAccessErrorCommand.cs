using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.AccessDenied;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Live;
using CloudTrailIamTools.Infrastructure;

namespace CloudTrailIamTools.Commands
{
    /// <summary>
    /// Explains access-denied errors: message text, ErrorRecords, exceptions, CloudTrail events and log files in,
    /// one diagnosis per error out. With no input it explains the newest error in $Error.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Resolve, "CloudTrailAccessError", DefaultParameterSetName = MessageSet)]
    [OutputType(typeof(AccessErrorDiagnosis))]
    public sealed class ResolveCloudTrailAccessErrorCommand : AwsCmdlet
    {
        public const string MessageSet = "Message";
        public const string ErrorRecordSet = "ErrorRecord";
        public const string ExceptionSet = "Exception";
        public const string InputObjectSet = "InputObject";
        public const string PathSet = "Path";
        public const string LiteralPathSet = "LiteralPath";

        private readonly AccessErrorLineJoiner lines = new AccessErrorLineJoiner();
        private bool messagesFromCommandLine;
        private bool receivedInput;
        private StsClient? sts;

        /// <summary>Access-denied text as printed by AWS, the AWS CLI, an SDK or PowerShell.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ParameterSetName = MessageSet)]
        [AllowEmptyString]
        public string[]? Message { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ErrorRecordSet)]
        public ErrorRecord[]? ErrorRecord { get; set; }

        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ExceptionSet)]
        public Exception[]? Exception { get; set; }

        /// <summary>CloudTrail events or log objects from ConvertFrom-Json, hashtables, or any of the other input kinds.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
        public PSObject[]? InputObject { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>Decode encoded authorization failure messages through STS; the only time credentials are used.</summary>
        [Parameter]
        public SwitchParameter Decode { get; set; }

        protected override void BeginProcessing()
        {
            if (!Decode.IsPresent)
            {
                UnusedConnectionParameters.Warn(this, "with -Decode, to decode encoded authorization messages through STS");
            }

            // -Message 'a', 'b' names whole messages; only strings from the pipeline arrive line by line.
            messagesFromCommandLine = MyInvocation.BoundParameters.ContainsKey(nameof(Message));
        }

        protected override void ProcessRecord()
        {
            if (ParameterSetName != MessageSet && !IsNativeErrorLine())
            {
                FlushLines(); // keep output in input order when strings and other objects are mixed
            }

            switch (ParameterSetName)
            {
                case MessageSet when Message is not null:
                    receivedInput = true;
                    foreach (string text in Message)
                    {
                        if (messagesFromCommandLine)
                        {
                            ResolveWholeText(text);
                        }
                        else
                        {
                            ResolveLineOrText(text);
                        }
                    }

                    break;
                case ErrorRecordSet:
                    foreach (ErrorRecord record in ErrorRecord ?? Array.Empty<ErrorRecord>())
                    {
                        ResolveErrorRecord(record);
                    }

                    break;
                case ExceptionSet:
                    foreach (Exception exception in Exception ?? Array.Empty<Exception>())
                    {
                        Emit(AccessErrorResolver.Default.ResolveException(exception));
                    }

                    break;
                case InputObjectSet:
                    foreach (PSObject item in InputObject ?? Array.Empty<PSObject>())
                    {
                        ResolveObject(item);
                    }

                    break;
                case PathSet:
                    ResolveFiles(Path!, literal: false);
                    break;
                case LiteralPathSet:
                    ResolveFiles(LiteralPath!, literal: true);
                    break;
            }
        }

        protected override void EndProcessing()
        {
            FlushLines();
            EndProcessingCore();
            sts?.Dispose();
        }

        private void EndProcessingCore()
        {
            if (receivedInput || ParameterSetName != MessageSet)
            {
                return;
            }

            // No input at all: explain the newest error of the session, as users expect after a failed command.
            if (GetVariableValue("Error") is IList errors && errors.Count > 0 && errors[0] is object newest)
            {
                WriteVerbose("No input given: diagnosing the newest entry in $Error.");
                ResolveObject(PSObject.AsPSObject(newest));
                return;
            }

            ThrowTerminatingError(ErrorRecordFactory.Create(
                "NoInput", ErrorCategory.InvalidArgument,
                "No error to resolve: pass -Message, -ErrorRecord, -Exception, -InputObject or -Path, or run this after a failed command so $Error holds one.",
                target: null));
        }

        private void ResolveObject(PSObject item)
        {
            switch (item.BaseObject)
            {
                case ErrorRecord record:
                    ResolveErrorRecord(record);
                    break;
                case Exception exception:
                    Emit(AccessErrorResolver.Default.ResolveException(exception));
                    break;
                case string text:
                    ResolveText(text, AccessErrorResolver.MessageSource);
                    break;
                case AccessErrorDiagnosis diagnosis:
                    Emit(diagnosis);
                    break;
                default:
                    ResolveText(PSObjectJson.Write(item), "InputObject");
                    break;
            }
        }

        /// <summary>
        /// Text arrives line by line from Get-Content and from a native command's output (aws ... 2>&amp;1): each line joins the
        /// message it continues, and a diagnosis is written once the message is complete. A string holding several lines
        /// is a whole text on its own.
        /// </summary>
        private void ResolveLineOrText(string? text)
        {
            string value = text ?? string.Empty;
            if (value.IndexOf('\n') >= 0)
            {
                FlushLines();
                ResolveWholeText(value);
                return;
            }

            foreach (string input in lines.Add(value))
            {
                ResolveText(input, AccessErrorResolver.MessageSource);
            }
        }

        /// <summary>A text on its own: split only where it holds several messages; blank text writes nothing.</summary>
        private void ResolveWholeText(string? text)
        {
            foreach (string input in AccessErrorLineJoiner.Split(text ?? string.Empty))
            {
                ResolveText(input, AccessErrorResolver.MessageSource);
            }
        }

        private void FlushLines()
        {
            if (lines.Complete() is string last)
            {
                ResolveText(last, AccessErrorResolver.MessageSource);
            }
        }

        /// <summary>In PowerShell 7, "aws ... 2>&amp;1" turns each standard-error line into an ErrorRecord (NativeCommandError).</summary>
        private bool IsNativeErrorLine() =>
            ParameterSetName == ErrorRecordSet && ErrorRecord is { Length: 1 } records && IsNativeErrorLine(records[0]);

        private static bool IsNativeErrorLine(ErrorRecord record) =>
            record.FullyQualifiedErrorId is string id && id.StartsWith("NativeCommandError", StringComparison.Ordinal);

        private void ResolveErrorRecord(ErrorRecord record)
        {
            if (IsNativeErrorLine(record))
            {
                receivedInput = true;
                ResolveLineOrText(record.Exception?.Message ?? record.ToString());
                return;
            }

            string? command = record.InvocationInfo?.MyCommand?.Name;
            AccessErrorDiagnosis diagnosis = AccessErrorResolver.Default.ResolveException(record.Exception, "ErrorRecord", command);
            if (!diagnosis.Recognized && record.ErrorDetails?.Message is string details && details.Length > 0)
            {
                diagnosis = AccessErrorResolver.Default.ResolveMessage(details, "ErrorRecord");
            }

            Emit(diagnosis);
        }

        private void ResolveText(string text, string source)
        {
            foreach (AccessErrorDiagnosis diagnosis in AccessErrorResolver.Default.Resolve(text, source))
            {
                Emit(diagnosis);
            }
        }

        private void ResolveFiles(IEnumerable<string> paths, bool literal)
        {
            foreach (string path in paths)
            {
                foreach (string file in ResolvePaths(path, literal).SelectMany(FilesIn))
                {
                    try
                    {
                        // Streamed: a problem in one part of the file (bad JSON, not UTF-8, a record over 64 MB) is an
                        // error record, and the rest of the file is still read.
                        foreach (FileDiagnosisItem item in AccessErrorResolver.Default.ResolveFile(file))
                        {
                            if (item.Problem is LogFileProblem problem)
                            {
                                WriteError(ErrorRecordFactory.Create(
                                    problem.ErrorId,
                                    problem.Kind == LogFileProblemKind.Unreadable ? ErrorCategory.ReadError : ErrorCategory.InvalidData,
                                    problem.Path + ": " + problem.Message,
                                    problem.Path));
                            }
                            else
                            {
                                Emit(item.Diagnosis!);
                            }
                        }
                    }
                    catch (CloudTrailIamToolsException failure)
                    {
                        WriteError(ErrorRecordFactory.FromCoreException(failure, file));
                    }
                }
            }
        }

        /// <summary>A folder is searched like Get-CloudTrailAccessDenied searches it; a file is itself.</summary>
        private IEnumerable<string> FilesIn(string path)
        {
            if (!Directory.Exists(path))
            {
                return new[] { path };
            }

            var problems = new List<LogFileProblem>();
            List<string> files = LogFolder.Files(path, problems).ToList();
            foreach (LogFileProblem problem in problems)
            {
                WriteError(ErrorRecordFactory.Create(problem.ErrorId, ErrorCategory.ReadError, problem.Path + ": " + problem.Message, problem.Path));
            }

            return files;
        }

        private IEnumerable<string> ResolvePaths(string path, bool literal)
        {
            receivedInput = true;
            // A missing path is PathNotFound, as in Get-CloudTrailAccessDenied; a file that exists but cannot be read is InvalidInput.
            if (literal)
            {
                string file = GetUnresolvedProviderPathFromPSPath(path);
                if (File.Exists(file) || Directory.Exists(file))
                {
                    return new[] { file };
                }

                WriteError(ErrorRecordFactory.Create("PathNotFound", ErrorCategory.ObjectNotFound, "No file '" + file + "'.", file));
                return Array.Empty<string>();
            }

            try
            {
                return GetResolvedProviderPathFromPSPath(path, out _);
            }
            catch (ItemNotFoundException notFound)
            {
                WriteError(ErrorRecordFactory.Create("PathNotFound", ErrorCategory.ObjectNotFound, "No file matches '" + path + "'.", path, notFound));
                return Array.Empty<string>();
            }
        }

        private void Emit(AccessErrorDiagnosis diagnosis)
        {
            receivedInput = true;
            AccessErrorDiagnosis written = Decode.IsPresent ? Decoded(diagnosis) : diagnosis;
            WriteObject(written.RenderedFor(CmdletRemediationRenderer.Instance));
        }

        /// <summary>The decoded diagnosis; when STS refuses, an error record and the undecoded diagnosis.</summary>
        private AccessErrorDiagnosis Decoded(AccessErrorDiagnosis diagnosis)
        {
            if (!AuthorizationMessageDecoder.CanDecode(diagnosis))
            {
                return diagnosis;
            }

            sts ??= Connection.CreateStsClient();
            var decoder = new AuthorizationMessageDecoder(sts);
            try
            {
                return Call(ct => decoder.DecodeAsync(diagnosis, ct));
            }
            catch (CloudTrailIamToolsException failure)
            {
                WriteError(ErrorRecordFactory.FromCoreException(failure, diagnosis.EncodedMessage));
                return diagnosis;
            }
        }
    }
}
