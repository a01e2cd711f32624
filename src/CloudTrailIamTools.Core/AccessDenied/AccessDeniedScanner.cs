using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.IO.Compression;
using System.Threading;
using System.Threading.Tasks;
using System.Text.Json;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>
    /// Finds the denied events in CloudTrail data and diagnoses each with the resolve engine: log files on disk
    /// (read in parallel, streamed, never as one document), standard input (concatenated JSON values, streamed the same way),
    /// parsed JSON, and LookupEvents results page by page.
    /// A denial is a record whose errorCode is an authorization code (AccessDenied, AccessDeniedException,
    /// UnauthorizedOperation, Client.UnauthorizedOperation, ...). Problems with one input never stop the scan:
    /// they come back as items next to the events.
    /// </summary>
    public sealed class AccessDeniedScanner
    {
        public const string StandardInputSource = "<stdin>";
        public const string LookupEventsSource = "LookupEvents";

        /// <summary>How many results may wait for the consumer: bounds memory when the consumer is slower than the readers.</summary>
        private const int PendingResults = 1024;

        private static readonly JsonDocumentOptions DocumentOptions = new JsonDocumentOptions { MaxDepth = 256 };

        private readonly AccessErrorResolver resolver;
        private readonly CloudTrailLogStreamReader streamReader;
        private readonly int bufferSize;
        private readonly int maxRecordSize;
        private long filesRead;
        private long recordsRead;
        private long deniedEvents;
        private long problems;
        private long valuesRead;
        private int largestValueBuffer;

        public AccessDeniedScanner(AccessDeniedFilter? filter = null, AccessErrorResolver? resolver = null)
            : this(filter, resolver, CloudTrailLogStreamReader.DefaultBufferSize)
        {
        }

        internal AccessDeniedScanner(AccessDeniedFilter? filter, AccessErrorResolver? resolver, int bufferSize, int maxRecordSize = CloudTrailLogStreamReader.DefaultMaxRecordSize)
        {
            Filter = filter ?? AccessDeniedFilter.All;
            this.resolver = resolver ?? AccessErrorResolver.Default;
            this.bufferSize = bufferSize;
            this.maxRecordSize = maxRecordSize;
            streamReader = new CloudTrailLogStreamReader(bufferSize, maxRecordSize);
        }

        public AccessDeniedFilter Filter { get; }

        /// <summary>Files read at the same time; all cores by default.</summary>
        public int MaxParallelism { get; init; } = Environment.ProcessorCount;

        /// <summary>Whether files are skimmed (the default) or every record is read token by token; tests compare the two.</summary>
        internal bool SkimRecords { get; init; } = true;

        public long FilesRead => Interlocked.Read(ref filesRead);

        /// <summary>Records seen in log files (denied or not).</summary>
        public long RecordsRead => Interlocked.Read(ref recordsRead);

        /// <summary>Denied events that passed the filter.</summary>
        public long DeniedEvents => Interlocked.Read(ref deniedEvents);

        public long Problems => Interlocked.Read(ref problems);

        /// <summary>Top-level JSON values met by <see cref="ScanJsonValues(Stream, string)"/>; 0 when the input was empty or only whitespace.</summary>
        public long ValuesRead => Interlocked.Read(ref valuesRead);

        /// <summary>The largest read buffer one reader has needed (bytes): grows only for a record larger than the buffer.</summary>
        public int LargestBuffer => Math.Max(streamReader.LargestBuffer, Volatile.Read(ref largestValueBuffer));

        /// <summary>
        /// The report's test of a denial: the record's errorCode is an authorization code (AccessDenied,
        /// AccessDeniedException, UnauthorizedOperation, Client.UnauthorizedOperation, ...). Narrower than resolve's
        /// test of a log record, which also takes CloudTrail's prerequisite errors and any message saying "is not authorized to".
        /// </summary>
        public static bool IsAuthorizationErrorCode(string? errorCode) => KnownErrorCodes.IsAuthorizationCode(errorCode);

        /// <summary>
        /// Scans files and folders (recursively: *.json, *.json.gz) on all cores. Items arrive as soon as they are
        /// found; events of one file keep their order, files interleave. Stop enumerating (or cancel) to stop the readers.
        /// </summary>
        public IEnumerable<AccessDeniedScanItem> ScanPaths(IEnumerable<string> paths, CancellationToken cancellationToken = default)
        {
            if (paths is null)
            {
                throw new ArgumentNullException(nameof(paths));
            }

            return ScanPathsIterator(new LogFileSource(paths), cancellationToken);
        }

        /// <summary>
        /// Scans one log stream (plain JSON; wrap gzip in a GZipStream first) on the calling thread, handing each item
        /// to <paramref name="onItem"/> as it is found, so nothing accumulates however long the stream is. For tests and
        /// benchmarks: front ends read files through <see cref="ScanPaths"/>.
        /// </summary>
        internal void ScanStream(Stream stream, string source, Action<AccessDeniedScanItem> onItem)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            onItem = onItem ?? throw new ArgumentNullException(nameof(onItem));
            ReadLog(stream, source ?? string.Empty, onItem, onItem);
        }

        /// <summary>
        /// Scans JSON text made of concatenated top-level values, as standard input carries them: log objects
        /// ({"Records": [...]}, read record by record, never as a document), single events, arrays of events; one per
        /// line (JSON Lines), several on a line, or pretty-printed. Sources are "&lt;stdin&gt;:line" (the line the value
        /// starts on), "#index" added for records. Bad JSON is reported for its value, and the scan goes on at the next
        /// line starting with '{' or '['. Items arrive block by block as the text is read.
        /// </summary>
        public IEnumerable<AccessDeniedScanItem> ScanJsonValues(Stream stream, string source = StandardInputSource)
        {
            if (stream is null)
            {
                throw new ArgumentNullException(nameof(stream));
            }

            return ScanJsonValuesIterator(stream, source ?? StandardInputSource);
        }

        /// <summary>As <see cref="ScanJsonValues(Stream, string)"/>, for text that is already decoded.</summary>
        public IEnumerable<AccessDeniedScanItem> ScanJsonValues(TextReader reader, string source = StandardInputSource)
        {
            if (reader is null)
            {
                throw new ArgumentNullException(nameof(reader));
            }

            return ScanJsonValuesIterator(new TextReaderUtf8Stream(reader), source ?? StandardInputSource);
        }

        /// <summary>Scans parsed JSON: a log object ({"Records": [...]}), an array of events, or one event.</summary>
        public IReadOnlyList<AccessDeniedScanItem> ScanJson(JsonElement element, string source)
        {
            var items = new List<AccessDeniedScanItem>();
            try
            {
                Interlocked.Add(ref recordsRead, ScanElement(element, source, items));
            }
            catch (InvalidOperationException exception) when (InvalidUtf8.IsCause(exception))
            {
                // Parsed by the caller from bytes that are not UTF-8; without the bytes there is nothing to repair.
                items.Add(AccessDeniedScanItem.Of(Problem(source, LogFileProblemKind.InvalidJson, "The JSON holds text that is not valid UTF-8, so it cannot be read.")));
            }

            return items;
        }

        /// <summary>Scans LookupEvents results; each carries its CloudTrail record as JSON text (CloudTrailEvent).</summary>
        public IEnumerable<AccessDeniedScanItem> ScanLookupEvents(IEnumerable<CloudTrailEvent> events)
        {
            if (events is null)
            {
                throw new ArgumentNullException(nameof(events));
            }

            foreach (CloudTrailEvent lookupEvent in events)
            {
                string source = LookupEventsSource + "#" + (lookupEvent.EventId ?? "?");
                if (string.IsNullOrEmpty(lookupEvent.RawEvent))
                {
                    continue;
                }

                JsonDocument? document = null;
                LogFileProblem? problem = null;
                try
                {
                    document = JsonDocument.Parse(lookupEvent.RawEvent!, DocumentOptions);
                }
                catch (JsonException exception)
                {
                    problem = Problem(source, LogFileProblemKind.InvalidJson, "The event's CloudTrailEvent is not valid JSON: " + exception.Message);
                }

                if (document is null)
                {
                    yield return AccessDeniedScanItem.Of(problem!);
                    continue;
                }

                using (document)
                {
                    foreach (AccessDeniedScanItem item in ScanJson(document.RootElement, source))
                    {
                        yield return item;
                    }
                }
            }
        }

        /// <summary>
        /// The denied events of the live event history (management events, last 90 days) in the filter's time window, all
        /// in one list. Reports should read page by page (<see cref="ScanEventHistoryPages"/> or the callback overload),
        /// which hands over each page's results as the page arrives.
        /// </summary>
        internal async Task<IReadOnlyList<AccessDeniedScanItem>> ScanEventHistoryAsync(ICloudTrailApi client, CancellationToken cancellationToken = default)
        {
            var items = new List<AccessDeniedScanItem>();
            await ScanEventHistoryAsync(
                client,
                (page, _) =>
                {
                    items.AddRange(page);
                    return Task.CompletedTask;
                },
                cancellationToken).ConfigureAwait(false);
            return items;
        }

        /// <summary>
        /// Diagnoses each LookupEvents page as it arrives and hands its results (possibly none) to <paramref name="onPage"/>
        /// before the next page is requested: memory holds one page of events, never the whole window.
        /// </summary>
        internal async Task ScanEventHistoryAsync(
            ICloudTrailApi client, Func<IReadOnlyList<AccessDeniedScanItem>, CancellationToken, Task> onPage, CancellationToken cancellationToken = default)
        {
            if (onPage is null)
            {
                throw new ArgumentNullException(nameof(onPage));
            }

            AccessDeniedEventHistoryPages pages = ScanEventHistoryPages(client);
            while (await pages.NextAsync(cancellationToken).ConfigureAwait(false) is IReadOnlyList<AccessDeniedScanItem> page)
            {
                await onPage(page, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The live event history one diagnosed page per NextAsync, for callers that must pull (a cmdlet on its pipeline thread).</summary>
        public AccessDeniedEventHistoryPages ScanEventHistoryPages(ICloudTrailApi client)
        {
            if (client is null)
            {
                throw new ArgumentNullException(nameof(client));
            }

            return new AccessDeniedEventHistoryPages(this, client.LookupEventPages(new CloudTrailLookupRequest { StartTime = Filter.StartTime, EndTime = Filter.EndTime }));
        }

        private IEnumerable<AccessDeniedScanItem> ScanJsonValuesIterator(Stream stream, string source)
        {
            var pending = new List<AccessDeniedScanItem>();
            string At(long line) => source + ":" + line.ToString(CultureInfo.InvariantCulture);
            using var reader = new CloudTrailJsonValueReader(
                stream,
                Filter,
                bufferSize,
                maxRecordSize,
                (record, line, index) => DiagnoseRecord(record, At(line), index, pending.Add),
                (json, line) => ScanObject(json, At(line), pending),
                (line, kind, message) => pending.Add(AccessDeniedScanItem.Of(Problem(At(line), kind, message))))
            {
                OnLookupEvent = (json, line, index) => ScanLookupResult(json, At(line) + "#" + index.ToString(CultureInfo.InvariantCulture), pending),
            };
            long recordsCounted = 0;
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
                    failure = Problem(source, LogFileProblemKind.Unreadable, "The input could not be read: " + exception.Message);
                    more = false;
                }
                catch (InvalidDataException exception)
                {
                    failure = Problem(source, LogFileProblemKind.CorruptCompression, "The gzip data is corrupt: " + exception.Message);
                    more = false;
                }

                Interlocked.Add(ref recordsRead, reader.Records - recordsCounted);
                Interlocked.Exchange(ref valuesRead, reader.Values);
                Volatile.Write(ref largestValueBuffer, Math.Max(Volatile.Read(ref largestValueBuffer), reader.LargestBuffer));
                recordsCounted = reader.Records;
                foreach (AccessDeniedScanItem item in pending)
                {
                    yield return item;
                }

                pending.Clear();
                if (failure is not null)
                {
                    yield return AccessDeniedScanItem.Of(failure);
                }
            }
            while (more);
        }

        private IEnumerable<AccessDeniedScanItem> ScanPathsIterator(LogFileSource source, CancellationToken cancellationToken)
        {
            int workerCount = Math.Max(1, MaxParallelism);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            using var results = new BlockingCollection<AccessDeniedScanItem>(PendingResults);
            var failures = new ConcurrentQueue<Exception>();
            int running = workerCount;
            var workers = new Task[workerCount];
            for (int i = 0; i < workerCount; i++)
            {
                workers[i] = Task.Factory.StartNew(
                    () =>
                    {
                        try
                        {
                            Work(source, results, stop.Token);
                        }
                        catch (OperationCanceledException) when (stop.IsCancellationRequested)
                        {
                        }
                        catch (Exception exception)
                        {
                            failures.Enqueue(exception);
                            stop.Cancel();
                        }
                        finally
                        {
                            if (Interlocked.Decrement(ref running) == 0)
                            {
                                results.CompleteAdding();
                            }
                        }
                    },
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default);
            }

            try
            {
                foreach (AccessDeniedScanItem item in Consume(results, stop.Token, failures))
                {
                    yield return item;
                }
            }
            finally
            {
                // Also reached when the consumer stops early: the readers stop and close their files before we return.
                stop.Cancel();
                Task.WaitAll(workers);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (failures.TryPeek(out Exception? failure))
            {
                throw new InvalidOperationException("The log scan failed: " + failure.Message, failure);
            }
        }

        private static IEnumerable<AccessDeniedScanItem> Consume(BlockingCollection<AccessDeniedScanItem> results, CancellationToken token, ConcurrentQueue<Exception> failures)
        {
            using IEnumerator<AccessDeniedScanItem> items = results.GetConsumingEnumerable(token).GetEnumerator();
            while (true)
            {
                try
                {
                    if (!items.MoveNext())
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException) when (!failures.IsEmpty)
                {
                    // A worker failed and stopped the others; the caller sees that failure, not a cancellation.
                    yield break;
                }

                yield return items.Current;
            }
        }

        private void Work(LogFileSource source, BlockingCollection<AccessDeniedScanItem> results, CancellationToken token)
        {
            void Emit(AccessDeniedScanItem item) => results.Add(item, token);
            while (!token.IsCancellationRequested && source.Next(out string? file, out LogFileProblem? problem))
            {
                if (problem is not null)
                {
                    Interlocked.Add(ref problems, problem.IsError ? 1 : 0);
                    Emit(AccessDeniedScanItem.Of(problem));
                }
                else
                {
                    ScanFile(file!, Emit);
                }
            }
        }

        /// <summary>
        /// Reads one file, skimming its records (see <see cref="CloudTrailLogStreamReader.Read"/>). When skimming gives up
        /// (malformed, truncated or unusual JSON, a read error), the file is read again in full: the items already handed
        /// on are the first ones the full read finds, so they are not repeated, and the full read reports the problem
        /// exactly as it always has.
        /// </summary>
        private void ScanFile(string path, Action<AccessDeniedScanItem> emit)
        {
            int delivered = 0;
            int deliveredEvents = 0;
            int deliveredProblems = 0;
            void Deliver(AccessDeniedScanItem item)
            {
                delivered++;
                deliveredEvents += item.Event is null ? 0 : 1;
                deliveredProblems += item.Problem is null ? 0 : 1;
                emit(item);
            }

            bool skimmed = false;
            try
            {
                // Only a regular file can be read a second time; a pipe named with --path is read in full at once.
                if (SkimRecords && !FileKind.IsSpecialFile(path))
                {
                    using Stream log = LogFileStream.Open(path);
                    skimmed = SkimLog(log, path, Deliver);
                }
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                skimmed = false; // the full read meets it again and reports it as it always has
            }

            if (skimmed)
            {
                Interlocked.Increment(ref filesRead);
                return;
            }

            // The full read counts its own events and problems; take back those of the skim it repeats.
            Interlocked.Add(ref deniedEvents, -deliveredEvents);
            Interlocked.Add(ref problems, -deliveredProblems);
            int skip = delivered;
            void AfterSkipped(AccessDeniedScanItem item)
            {
                if (skip > 0)
                {
                    skip--;
                }
                else
                {
                    emit(item);
                }
            }

            LogFileProblem? problem = null;
            try
            {
                using Stream log = LogFileStream.Open(path);
                ReadLog(log, path, AfterSkipped, emit);
                Interlocked.Increment(ref filesRead);
            }
            catch (IOException exception)
            {
                problem = new LogFileProblem(path, LogFileProblemKind.Unreadable, "The file could not be read: " + exception.Message);
            }
            catch (UnauthorizedAccessException exception)
            {
                problem = new LogFileProblem(path, LogFileProblemKind.Unreadable, "The file could not be read: " + exception.Message);
            }

            if (problem is not null)
            {
                Interlocked.Increment(ref problems);
                emit(AccessDeniedScanItem.Of(problem));
            }
        }

        /// <summary>Skims one log; false when the log must be read in full instead (nothing counted yet but the items handed on).</summary>
        private bool SkimLog(Stream stream, string source, Action<AccessDeniedScanItem> emit)
        {
            int records;
            try
            {
                records = streamReader.Read(stream, Filter, (record, index) => DiagnoseRecord(record, source, index, emit), skim: true);
            }
            catch (InvalidDataException exception)
            {
                // Corrupt gzip, or a record over the size cap: the full read would inflate the same bytes again only to
                // stop at the same place, so the problem is reported from here (as ReadLog words it).
                emit(AccessDeniedScanItem.Of(Problem(source, LogFileProblemKind.CorruptCompression, "The gzip data is corrupt: " + exception.Message)));
                return true;
            }
            catch (LogFormatException exception) when (exception.Kind == LogFileProblemKind.RecordTooLarge)
            {
                emit(AccessDeniedScanItem.Of(Problem(source, exception.Kind, exception.Message)));
                return true;
            }
            catch (Exception exception) when (exception is SkimAbandonedException || exception is JsonException || exception is LogFormatException)
            {
                return false;
            }

            Interlocked.Add(ref recordsRead, records);
            return true;
        }

        /// <summary>Reads one log stream; format problems become one item (to <paramref name="emitProblem"/>) after the events found before them.</summary>
        private void ReadLog(Stream stream, string source, Action<AccessDeniedScanItem> emit, Action<AccessDeniedScanItem> emitProblem)
        {
            LogFileProblem? problem = null;
            int records = 0;
            try
            {
                records = streamReader.Read(stream, Filter, (record, index) => DiagnoseRecord(record, source, index, emit));
            }
            catch (InvalidDataException exception)
            {
                problem = Problem(source, LogFileProblemKind.CorruptCompression, "The gzip data is corrupt: " + exception.Message);
            }
            catch (JsonException exception)
            {
                problem = Problem(source, LogFileProblemKind.InvalidJson, "The JSON is invalid or truncated: " + exception.Message);
            }
            catch (LogFormatException exception)
            {
                problem = Problem(source, exception.Kind, exception.Message);
            }

            Interlocked.Add(ref recordsRead, records);
            if (problem is not null)
            {
                emitProblem(AccessDeniedScanItem.Of(problem));
            }
        }

        /// <summary>Diagnoses one denied record's JSON; a record that is not valid UTF-8 is still diagnosed, and reported.</summary>
        private void DiagnoseRecord(ReadOnlyMemory<byte> record, string source, int index, Action<AccessDeniedScanItem> emit)
        {
            string at = source + "#" + index.ToString(CultureInfo.InvariantCulture);
            AccessDeniedEvent? denied;
            LogFileProblem? problem = null;
            try
            {
                denied = Diagnose(record, at);
            }
            catch (InvalidOperationException exception) when (InvalidUtf8.IsCause(exception))
            {
                denied = Diagnose(InvalidUtf8.Repair(record), at);
                problem = Problem(at, LogFileProblemKind.InvalidJson, InvalidUtf8.RepairedMessage);
            }

            if (denied is not null)
            {
                emit(AccessDeniedScanItem.Of(denied));
            }

            if (problem is not null)
            {
                emit(AccessDeniedScanItem.Of(problem));
            }
        }

        private AccessDeniedEvent? Diagnose(ReadOnlyMemory<byte> record, string source)
        {
            using JsonDocument document = JsonDocument.Parse(record, DocumentOptions);
            return Diagnose(document.RootElement, source);
        }

        /// <summary>A single top-level object from standard input (an event, or an object that is no log): small, so a document is fine.</summary>
        private void ScanObject(ReadOnlyMemory<byte> json, string source, List<AccessDeniedScanItem> items, bool counted = false)
        {
            List<AccessDeniedScanItem> found;
            int records;
            try
            {
                found = ScanDocument(json, source, out records);
            }
            catch (InvalidOperationException exception) when (InvalidUtf8.IsCause(exception))
            {
                found = ScanDocument(InvalidUtf8.Repair(json), source, out records);
                found.Add(AccessDeniedScanItem.Of(Problem(source, LogFileProblemKind.InvalidJson, InvalidUtf8.RepairedMessage)));
            }

            Interlocked.Add(ref recordsRead, counted ? 0 : records);
            items.AddRange(found);
        }

        private List<AccessDeniedScanItem> ScanDocument(ReadOnlyMemory<byte> json, string source, out int records)
        {
            using JsonDocument document = JsonDocument.Parse(json, DocumentOptions);
            var found = new List<AccessDeniedScanItem>();
            records = ScanElement(document.RootElement, source, found);
            return found;
        }

        /// <summary>One result of `aws cloudtrail lookup-events` output: its CloudTrail record is the JSON string in CloudTrailEvent.</summary>
        private void ScanLookupResult(ReadOnlyMemory<byte> json, string source, List<AccessDeniedScanItem> items)
        {
            string? record;
            try
            {
                record = CloudTrailEventOf(json);
            }
            catch (InvalidOperationException exception) when (InvalidUtf8.IsCause(exception))
            {
                record = CloudTrailEventOf(InvalidUtf8.Repair(json));
                items.Add(AccessDeniedScanItem.Of(Problem(source, LogFileProblemKind.InvalidJson, InvalidUtf8.RepairedMessage)));
            }

            if (record is null)
            {
                items.Add(AccessDeniedScanItem.Of(Problem(source, LogFileProblemKind.NotCloudTrailLog,
                    "The LookupEvents result has no CloudTrailEvent string, so there is no CloudTrail record to read.")));
                return;
            }

            try
            {
                ScanObject(System.Text.Encoding.UTF8.GetBytes(record), source, items, counted: true);
            }
            catch (JsonException exception)
            {
                items.Add(AccessDeniedScanItem.Of(Problem(source, LogFileProblemKind.InvalidJson, "The event's CloudTrailEvent is not valid JSON: " + exception.Message)));
            }
        }

        private static string? CloudTrailEventOf(ReadOnlyMemory<byte> json)
        {
            using JsonDocument document = JsonDocument.Parse(json, DocumentOptions);
            return CloudTrailEventReader.GetString(document.RootElement, "CloudTrailEvent");
        }

        private AccessDeniedEvent? Diagnose(JsonElement record, string source)
        {
            AccessErrorDiagnosis diagnosis = resolver.ResolveJsonStrict(record, source)[0];
            if (!Filter.Matches(diagnosis))
            {
                return null;
            }

            Interlocked.Increment(ref deniedEvents);
            return new AccessDeniedEvent(diagnosis);
        }

        /// <summary>Adds the denials (or the problem) of a log object, an array of events or one event; returns the records seen.</summary>
        private int ScanElement(JsonElement element, string source, List<AccessDeniedScanItem> items)
        {
            if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("Records", out JsonElement records) && records.ValueKind == JsonValueKind.Array)
            {
                return ScanRecords(records, source, items);
            }

            if (element.ValueKind == JsonValueKind.Array)
            {
                return ScanRecords(element, source, items);
            }

            if (CloudTrailEventReader.IsEvent(element))
            {
                AddIfDenied(element, source, items);
                return 1;
            }

            items.Add(AccessDeniedScanItem.Of(Problem(source, LogFileProblemKind.NotCloudTrailLog,
                "The JSON is neither a CloudTrail log ({\"Records\": [...]}), an array of events, nor a CloudTrail event.")));
            return 0;
        }

        private int ScanRecords(JsonElement records, string source, List<AccessDeniedScanItem> items)
        {
            int index = 0;
            foreach (JsonElement record in records.EnumerateArray())
            {
                AddIfDenied(record, source + "#" + index.ToString(CultureInfo.InvariantCulture), items);
                index++;
            }

            return index;
        }

        private void AddIfDenied(JsonElement record, string source, List<AccessDeniedScanItem> items)
        {
            if (record.ValueKind == JsonValueKind.Object && IsAuthorizationErrorCode(CloudTrailEventReader.GetString(record, "errorCode")) &&
                Diagnose(record, source) is AccessDeniedEvent denied)
            {
                items.Add(AccessDeniedScanItem.Of(denied));
            }
        }

        private LogFileProblem Problem(string source, LogFileProblemKind kind, string message)
        {
            Interlocked.Increment(ref problems);
            return new LogFileProblem(source, kind, message);
        }
    }
}
