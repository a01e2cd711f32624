using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>
    /// Streams concatenated top-level JSON values (standard input: `zcat *.json.gz`, JSON Lines, pretty-printed output)
    /// through one pooled buffer. A log object ({"Records": [...]}) and a top-level array are read record by record
    /// exactly as <see cref="CloudTrailLogStreamReader"/> reads a file, never as a document; any other object (a single
    /// event) is kept in the buffer until it ends and handed over whole, since events are small. Bad JSON is reported
    /// for the value it is in, and reading goes on at the next line that starts with '{' or '[', or the next {"Records".
    /// The output of `aws cloudtrail lookup-events` ({"Events": [...]}) is streamed the same way, event by event, when
    /// <see cref="OnLookupEvent"/> is set.
    /// </summary>
    internal sealed class CloudTrailJsonValueReader : IDisposable
    {
        private static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions { MaxDepth = 256 };

        private readonly Stream stream;
        private readonly AccessDeniedFilter filter;
        private readonly int maxValueSize;
        private readonly DeniedRecordHandler onDenied;
        private readonly ObjectHandler onObject;
        private readonly ProblemHandler onProblem;

        private byte[] buffer;
        private int filled;
        private int position;
        private bool finalBlock;
        private bool done;
        private bool byteOrderMarkChecked;

        // Line numbers: '\n's counted in buffer[0..countedTo) plus those in bytes already dropped.
        private long newlinesBefore;
        private int countedTo;

        private Phase phase = Phase.Between;
        private JsonReaderState state;
        private long valueLine;
        private int recordIndex;
        private int? pin;
        private bool oversized;
        private bool sawRecords;
        private bool lookupEvents;
        private int skipDepth;
        private Phase afterSkip;

        public CloudTrailJsonValueReader(Stream stream, AccessDeniedFilter filter, int bufferSize, int maxValueSize,
            DeniedRecordHandler onDenied, ObjectHandler onObject, ProblemHandler onProblem)
        {
            this.stream = stream;
            this.filter = filter;
            this.maxValueSize = Math.Max(maxValueSize, bufferSize);
            this.onDenied = onDenied;
            this.onObject = onObject;
            this.onProblem = onProblem;
            buffer = ArrayPool<byte>.Shared.Rent(Math.Max(16, bufferSize));
            LargestBuffer = buffer.Length;
        }

        /// <summary>A denied record of a log or array (valid only during the call), the line its value starts on, its index.</summary>
        public delegate void DeniedRecordHandler(ReadOnlyMemory<byte> record, long line, int index);

        /// <summary>A complete top-level object that is not a log (valid only during the call) and the line it starts on.</summary>
        public delegate void ObjectHandler(ReadOnlyMemory<byte> json, long line);

        public delegate void ProblemHandler(long line, LogFileProblemKind kind, string message);

        private enum Phase
        {
            Between,
            Value,
            RootObject,
            RecordsValue,
            Records,
            TopArray,
            Skip,
            Resync,
        }

        /// <summary>A LookupEvents result of an {"Events": [...]} object (valid only during the call): the line its value starts on, its index.</summary>
        public delegate void LookupEventHandler(ReadOnlyMemory<byte> lookupEvent, long line, int index);

        /// <summary>
        /// Hand over every record that has an errorCode, not only authorization failures: for callers that apply a wider
        /// test of their own to the record (resolve diagnoses CloudTrail's prerequisite errors too).
        /// </summary>
        public bool AnyFailedRecord { get; init; }

        /// <summary>Where the events of `aws cloudtrail lookup-events` output go; null reads {"Events": [...]} as any other object.</summary>
        public LookupEventHandler? OnLookupEvent { get; init; }

        /// <summary>Records seen in logs and top-level arrays (single objects are counted by whoever classifies them).</summary>
        public long Records { get; private set; }

        public int LargestBuffer { get; private set; }

        /// <summary>Top-level values begun (whole or not).</summary>
        public long Values { get; private set; }

        private static ReadOnlySpan<byte> RecordsName => "Records"u8;

        private static ReadOnlySpan<byte> EventsName => "Events"u8;

        private static ReadOnlySpan<byte> LogStart => "{\"Records\""u8;

        /// <summary>Reads one block and handles everything complete in it; false once the input is exhausted.</summary>
        /// <exception cref="IOException">Reading the stream failed.</exception>
        public bool ReadBlock()
        {
            if (done)
            {
                return false;
            }

            // Fill the buffer (pipes return little at a time): fewer passes, and an unfinished record is re-read less often.
            while (filled < buffer.Length)
            {
                int read = stream.Read(buffer, filled, buffer.Length - filled);
                if (read == 0)
                {
                    finalBlock = true;
                    break;
                }

                filled += read;
            }

            Advance();
            if (finalBlock)
            {
                if (phase != Phase.Between && phase != Phase.Resync)
                {
                    // Defensive: the JSON reader throws on truncation in the final block.
                    onProblem(valueLine, LogFileProblemKind.InvalidJson, "The input ends before its JSON is complete.");
                }

                done = true;
                return false;
            }

            Compact();
            return true;
        }

        public void Dispose()
        {
            byte[] rented = buffer;
            buffer = Array.Empty<byte>();
            if (rented.Length > 0)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        private void Advance()
        {
            while (true)
            {
                switch (phase)
                {
                    case Phase.Between:
                        if (!StartValue())
                        {
                            return;
                        }

                        break;
                    case Phase.Resync:
                        if (!Resync())
                        {
                            return;
                        }

                        break;
                    default:
                        if (!ReadTokens())
                        {
                            return;
                        }

                        break;
                }
            }
        }

        /// <summary>Skips whitespace (and a leading byte order mark) to the next value; false when the data ends first.</summary>
        private bool StartValue()
        {
            if (!byteOrderMarkChecked)
            {
                if (filled - position < 3 && !finalBlock)
                {
                    return false;
                }

                byteOrderMarkChecked = true;
                if (filled - position >= 3 && buffer[position] == 0xEF && buffer[position + 1] == 0xBB && buffer[position + 2] == 0xBF)
                {
                    position += 3;
                }
            }

            while (position < filled && IsWhitespace(buffer[position]))
            {
                position++;
            }

            if (position == filled)
            {
                return false;
            }

            valueLine = LineAt(position);
            Values++;
            state = new JsonReaderState(ReaderOptions);
            phase = Phase.Value;
            recordIndex = 0;
            pin = null;
            oversized = false;
            sawRecords = false;
            lookupEvents = false;
            return true;
        }

        /// <summary>
        /// After bad JSON: drops bytes up to the next line that starts with '{' or '[', or up to the next {"Records" (where
        /// the next log file begins when `zcat` joins a truncated file and the next one on one line). The search starts
        /// after the last complete token, so nothing already reported is read twice.
        /// </summary>
        private bool Resync()
        {
            int i = position;
            while (true)
            {
                int hit = new ReadOnlySpan<byte>(buffer, i, filled - i).IndexOfAny((byte)'\n', (byte)'{');
                if (hit < 0)
                {
                    position = filled;
                    return false;
                }

                i += hit;
                int candidate = buffer[i] == (byte)'\n' ? i + 1 : i;
                int needed = buffer[i] == (byte)'\n' ? 1 : LogStart.Length;
                if (filled - candidate < needed)
                {
                    // Keep what decides it for the next block.
                    position = finalBlock ? filled : i;
                    return false;
                }

                bool found = buffer[i] == (byte)'\n'
                    ? buffer[candidate] == (byte)'{' || buffer[candidate] == (byte)'['
                    : new ReadOnlySpan<byte>(buffer, candidate, LogStart.Length).SequenceEqual(LogStart);
                if (found)
                {
                    position = candidate;
                    phase = Phase.Between;
                    return true;
                }

                i++;
            }
        }

        /// <summary>Runs the token state machine; true when a value ended (or was abandoned), false when more data is needed.</summary>
        private bool ReadTokens()
        {
            int start = position;
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(buffer, start, filled - start), finalBlock, state);
            try
            {
                while (true)
                {
                    if (!reader.Read())
                    {
                        return false;
                    }

                    JsonTokenType token = reader.TokenType;
                    switch (phase)
                    {
                        case Phase.Value:
                            if (token == JsonTokenType.StartObject)
                            {
                                pin = start + (int)reader.TokenStartIndex;
                                phase = Phase.RootObject;
                            }
                            else if (token == JsonTokenType.StartArray)
                            {
                                phase = Phase.TopArray;
                            }
                            else
                            {
                                onProblem(valueLine, LogFileProblemKind.NotCloudTrailLog,
                                    "The JSON value is " + CloudTrailLogStreamReader.Describe(token) + ", not a CloudTrail log ({\"Records\": [...]}), an array of events, or an event.");
                                phase = Phase.Between;
                            }

                            break;

                        case Phase.RootObject:
                            if (token == JsonTokenType.EndObject)
                            {
                                EndObject(start + (int)reader.BytesConsumed);
                            }
                            else if (!sawRecords && reader.ValueTextEquals(RecordsName))
                            {
                                phase = Phase.RecordsValue;
                            }
                            else if (!sawRecords && OnLookupEvent is not null && reader.ValueTextEquals(EventsName))
                            {
                                lookupEvents = true;
                                phase = Phase.RecordsValue;
                            }
                            else
                            {
                                BeginSkip(reader.CurrentDepth, Phase.RootObject);
                            }

                            break;

                        case Phase.RecordsValue:
                            if (token == JsonTokenType.StartArray)
                            {
                                // A log: no need to keep the object whole any more.
                                sawRecords = true;
                                pin = null;
                                oversized = false;
                                phase = Phase.Records;
                            }
                            else if (token == JsonTokenType.StartObject)
                            {
                                lookupEvents = false;
                                BeginSkip(reader.CurrentDepth, Phase.RootObject);
                            }
                            else
                            {
                                lookupEvents = false;
                                phase = Phase.RootObject;
                            }

                            break;

                        case Phase.Records:
                        case Phase.TopArray:
                            if (token == JsonTokenType.EndArray)
                            {
                                phase = phase == Phase.TopArray ? Phase.Between : Phase.RootObject;
                                lookupEvents = false;
                            }
                            else if (token == JsonTokenType.StartObject)
                            {
                                int recordStart = start + (int)reader.TokenStartIndex;
                                if (phase == Phase.Records)
                                {
                                    bool nextLog = StartsNextLog(recordStart, out bool decided);
                                    if (!decided)
                                    {
                                        return false;
                                    }

                                    if (nextLog)
                                    {
                                        // `zcat` of a cut file and the next one: the next log begins where a record should.
                                        onProblem(valueLine, LogFileProblemKind.InvalidJson,
                                            "The JSON is invalid or truncated: the log ends before its Records array is closed, and another log begins.");
                                        position = recordStart;
                                        phase = Phase.Between;
                                        return true;
                                    }
                                }

                                if (!CloudTrailLogStreamReader.ReadRecord(ref reader, filter.HasTimeWindow, out string? errorCode, out DateTimeOffset? eventTime))
                                {
                                    // Resume from the record's start after the refill.
                                    return false;
                                }

                                int index = recordIndex++;
                                Records++;
                                var record = new ReadOnlyMemory<byte>(buffer, recordStart, start + (int)reader.BytesConsumed - recordStart);
                                if (lookupEvents && phase == Phase.Records)
                                {
                                    // Its CloudTrail record is a string inside: the handler decides.
                                    OnLookupEvent!(record, valueLine, index);
                                }
                                else if ((AnyFailedRecord ? errorCode is not null : KnownErrorCodes.IsAuthorizationCode(errorCode)) && filter.IsInTimeWindow(eventTime))
                                {
                                    onDenied(record, valueLine, index);
                                }
                            }
                            else
                            {
                                recordIndex++;
                                Records++;
                                if (token == JsonTokenType.StartArray)
                                {
                                    BeginSkip(reader.CurrentDepth, phase);
                                }
                            }

                            break;

                        case Phase.Skip:
                            if (reader.CurrentDepth == skipDepth && token != JsonTokenType.StartObject && token != JsonTokenType.StartArray)
                            {
                                phase = afterSkip;
                            }

                            break;
                    }

                    position = start + (int)reader.BytesConsumed;
                    state = reader.CurrentState;
                    if (phase == Phase.Between)
                    {
                        return true;
                    }
                }
            }
            catch (JsonException exception)
            {
                // Resynchronise from the last complete token (position), not from where the error was noticed: a cut
                // value may have swallowed the start of the next one.
                onProblem(valueLine, LogFileProblemKind.InvalidJson, "The JSON is invalid or truncated: " + exception.Message);
                pin = null;
                phase = Phase.Resync;
                return true;
            }
        }

        /// <summary>Whether a record starts with {"Records" (no record does; a log does); undecided while those bytes are not all here.</summary>
        private bool StartsNextLog(int offset, out bool decided)
        {
            decided = filled - offset >= LogStart.Length || finalBlock;
            return filled - offset >= LogStart.Length && new ReadOnlySpan<byte>(buffer, offset, LogStart.Length).SequenceEqual(LogStart);
        }

        private void BeginSkip(int depth, Phase returnTo)
        {
            skipDepth = depth;
            afterSkip = returnTo;
            phase = Phase.Skip;
        }

        private void EndObject(int end)
        {
            if (!sawRecords)
            {
                if (oversized || pin is null)
                {
                    onProblem(valueLine, LogFileProblemKind.RecordTooLarge,
                        "The JSON object is larger than " + (maxValueSize / (1024 * 1024)) + " MB and is not a CloudTrail log; a CloudTrail event is never that large.");
                }
                else
                {
                    onObject(new ReadOnlyMemory<byte>(buffer, pin.Value, end - pin.Value), valueLine);
                }
            }

            pin = null;
            phase = Phase.Between;
        }

        /// <summary>Drops what is used (keeping an unfinished single object whole) and makes room for the next read.</summary>
        private void Compact()
        {
            int keep = pin is int pinned ? Math.Min(pinned, position) : position;
            if (keep == 0 && filled == buffer.Length)
            {
                if (buffer.Length >= maxValueSize)
                {
                    if (pin is not null && position > 0)
                    {
                        // The object is too large to be an event: stop keeping it (a log beginning with other members still streams).
                        pin = null;
                        oversized = true;
                        keep = position;
                    }
                    else
                    {
                        onProblem(valueLine, LogFileProblemKind.RecordTooLarge,
                            "A record or value is larger than " + (maxValueSize / (1024 * 1024)) + " MB; a CloudTrail record is never that large.");
                        // Past the value's first byte, so the search cannot find the same value again.
                        pin = null;
                        phase = Phase.Resync;
                        position = 1;
                        Resync();
                        keep = position;
                    }
                }
                else
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(maxValueSize, buffer.Length * 2));
                    Buffer.BlockCopy(buffer, 0, larger, 0, filled);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                    LargestBuffer = Math.Max(LargestBuffer, buffer.Length);
                    return;
                }
            }

            if (keep > 0)
            {
                LineAt(keep);
                Buffer.BlockCopy(buffer, keep, buffer, 0, filled - keep);
                filled -= keep;
                position -= keep;
                countedTo -= keep;
                if (pin is not null)
                {
                    pin -= keep;
                }
            }
        }

        /// <summary>The 1-based line of a buffer offset; offsets only move forward.</summary>
        private long LineAt(int offset)
        {
            while (countedTo < offset)
            {
                int newline = new ReadOnlySpan<byte>(buffer, countedTo, offset - countedTo).IndexOf((byte)'\n');
                if (newline < 0)
                {
                    countedTo = offset;
                    break;
                }

                newlinesBefore++;
                countedTo += newline + 1;
            }

            return newlinesBefore + 1;
        }

        private static bool IsWhitespace(byte value) => value == (byte)' ' || value == (byte)'\n' || value == (byte)'\r' || value == (byte)'\t';
    }
}
