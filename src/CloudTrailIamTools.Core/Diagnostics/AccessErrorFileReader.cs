using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using CloudTrailIamTools.Core.AccessDenied;

namespace CloudTrailIamTools.Core.Diagnostics
{
    /// <summary>
    /// Diagnoses a file of errors as a stream, never as one document: CloudTrail logs ({"Records": [...]}, plain or
    /// gzip) record by record, arrays of events, single events and error bodies, one or several values per file
    /// (JSON Lines). Memory stays at one buffer, however large the file or what it inflates to; a record larger than
    /// the cap, bad JSON, or text that is not UTF-8 becomes a problem naming the file and line, and reading goes on.
    /// Records are those whose failure the resolver diagnoses (<see cref="CloudTrailEventReader.IsDiagnosableFailure"/>).
    /// </summary>
    internal sealed class AccessErrorFileReader
    {
        private static readonly JsonDocumentOptions DocumentOptions = new JsonDocumentOptions { MaxDepth = 256 };

        private readonly AccessErrorResolver resolver;
        private readonly int bufferSize;
        private readonly int maxRecordSize;

        public AccessErrorFileReader(AccessErrorResolver resolver, int bufferSize = CloudTrailLogStreamReader.DefaultBufferSize, int maxRecordSize = CloudTrailLogStreamReader.DefaultMaxRecordSize)
        {
            this.resolver = resolver;
            this.bufferSize = bufferSize;
            this.maxRecordSize = maxRecordSize;
        }

        public IEnumerable<FileDiagnosisItem> Read(string path, Stream stream)
        {
            var pending = new List<FileDiagnosisItem>();
            int diagnoses = 0;
            int problems = 0;
            string At(long line) => line == 1 ? path : path + ":" + line.ToString(CultureInfo.InvariantCulture);
            void Add(FileDiagnosisItem item)
            {
                if (item.Problem is not null)
                {
                    problems++;
                }
                else
                {
                    diagnoses++;
                }

                pending.Add(item);
            }

            using var reader = new CloudTrailJsonValueReader(
                stream,
                AccessDeniedFilter.All,
                bufferSize,
                maxRecordSize,
                (record, line, index) => Diagnose(record, At(line) + "#" + index.ToString(CultureInfo.InvariantCulture), recordOfLog: true, Add),
                (json, line) => Diagnose(json, At(line), recordOfLog: false, Add),
                (line, kind, message) => Add(FileDiagnosisItem.Of(new LogFileProblem(At(line), kind, message))))
            {
                AnyFailedRecord = true,
            };
            bool more;
            do
            {
                LogFileProblem? failure = null;
                try
                {
                    more = reader.ReadBlock();
                }
                catch (IOException exception)
                {
                    failure = new LogFileProblem(path, LogFileProblemKind.Unreadable, "The file could not be read: " + exception.Message);
                    more = false;
                }
                catch (InvalidDataException exception)
                {
                    failure = new LogFileProblem(path, LogFileProblemKind.CorruptCompression, "The gzip data is corrupt: " + exception.Message);
                    more = false;
                }

                foreach (FileDiagnosisItem item in pending)
                {
                    yield return item;
                }

                pending.Clear();
                if (failure is not null)
                {
                    problems++;
                    yield return FileDiagnosisItem.Of(failure);
                }
            }
            while (more);

            if (diagnoses == 0 && problems == 0)
            {
                yield return reader.Values > 0
                    ? FileDiagnosisItem.Of(resolver.Unrecognized(path, "The file holds " + reader.Records.ToString(CultureInfo.InvariantCulture) +
                        " record(s) and none of them is an access denial or another error this module diagnoses."))
                    : FileDiagnosisItem.Of(new LogFileProblem(path, LogFileProblemKind.InvalidJson, "The file holds no JSON."));
            }
        }

        /// <summary>A record of a log or array (diagnosed when it is a failure we diagnose), or a single top-level object (always).</summary>
        private void Diagnose(ReadOnlyMemory<byte> json, string source, bool recordOfLog, Action<FileDiagnosisItem> add)
        {
            IReadOnlyList<AccessErrorDiagnosis> found;
            LogFileProblem? problem = null;
            try
            {
                found = Resolve(json, source, recordOfLog);
            }
            catch (InvalidOperationException exception) when (InvalidUtf8.IsCause(exception))
            {
                found = Resolve(InvalidUtf8.Repair(json), source, recordOfLog);
                problem = new LogFileProblem(source, LogFileProblemKind.InvalidJson, InvalidUtf8.RepairedMessage);
            }

            foreach (AccessErrorDiagnosis diagnosis in found)
            {
                add(FileDiagnosisItem.Of(diagnosis));
            }

            if (problem is not null)
            {
                add(FileDiagnosisItem.Of(problem));
            }
        }

        private IReadOnlyList<AccessErrorDiagnosis> Resolve(ReadOnlyMemory<byte> json, string source, bool recordOfLog)
        {
            using JsonDocument document = JsonDocument.Parse(json, DocumentOptions);
            if (!recordOfLog)
            {
                return resolver.ResolveJsonStrict(document.RootElement, source);
            }

            return CloudTrailEventReader.IsDiagnosableFailure(document.RootElement)
                ? new[] { resolver.ResolveRecord(document.RootElement, source) }
                : Array.Empty<AccessErrorDiagnosis>();
        }
    }
}
