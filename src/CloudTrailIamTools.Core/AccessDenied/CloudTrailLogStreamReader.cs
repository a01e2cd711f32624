using System;
using System.Buffers;
using System.IO;
using System.Text.Json;
using System.Threading;
using CloudTrailIamTools.Core.Diagnostics;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>
    /// Streams one CloudTrail log ({"Records": [...]}) through a pooled buffer with Utf8JsonReader, never building a
    /// document of the file. For each record it reads only the record's own errorCode and eventTime; the record's
    /// bytes are handed on (still in the buffer) only when the code is an authorization code and the time is in the
    /// window. A record is read whole or not at all: when it does not fit, the reader goes back to the record's
    /// start, keeps the unread bytes, refills, and grows the buffer when one record is larger than all of it.
    /// </summary>
    internal sealed class CloudTrailLogStreamReader
    {
        /// <summary>Large reads keep GZipStream's per-call overhead small.</summary>
        public const int DefaultBufferSize = 256 * 1024;

        /// <summary>A CloudTrail record is at most a few hundred KB; anything this large is not one.</summary>
        public const int DefaultMaxRecordSize = 64 * 1024 * 1024;

        private static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions { MaxDepth = 256 };

        /// <summary>A record read on its own starts two levels below the file's root ({"Records": [ record ]}).</summary>
        private static readonly JsonReaderOptions RecordReaderOptions = new JsonReaderOptions { MaxDepth = 256 - 2 };

        private readonly int initialBufferSize;
        private readonly int maxRecordSize;
        private int largestBuffer;

        public CloudTrailLogStreamReader(int initialBufferSize = DefaultBufferSize, int maxRecordSize = DefaultMaxRecordSize)
        {
            if (initialBufferSize < 16)
            {
                throw new ArgumentOutOfRangeException(nameof(initialBufferSize));
            }

            this.initialBufferSize = initialBufferSize;
            this.maxRecordSize = Math.Max(maxRecordSize, initialBufferSize);
        }

        /// <summary>The largest buffer any read has used: memory per reader, whatever the size of the input.</summary>
        public int LargestBuffer => Volatile.Read(ref largestBuffer);

        /// <summary>Called with a denied record's complete JSON (valid only during the call) and its index in Records.</summary>
        public delegate void DeniedRecordHandler(ReadOnlyMemory<byte> record, int index);

        private static ReadOnlySpan<byte> RecordsName => "Records"u8;

        private static ReadOnlySpan<byte> ErrorCodeName => "errorCode"u8;

        private static ReadOnlySpan<byte> QuotedErrorCodeName => "\"errorCode\""u8;

        private static ReadOnlySpan<byte> EventTimeName => "eventTime"u8;

        private enum RecordField
        {
            None,
            ErrorCode,
            EventTime,
        }

        private enum Phase
        {
            Start,
            RootObject,
            AwaitRecordsArray,
            Records,
            SkimRecords,
            Done,
        }

        /// <summary>Where the skimmer stands inside the Records array.</summary>
        private enum SkimExpect
        {
            FirstValueOrEnd,
            CommaOrEnd,
            Value,
        }

        /// <summary>Reads the stream to its end; returns the number of records seen.</summary>
        /// <param name="skim">
        /// Skim the Records array: find each record's end by its braces and strings alone, and read with the JSON reader
        /// only the records whose bytes hold "errorCode" (or a \u escape that could spell it). Records that are not
        /// denials are then neither tokenized nor validated. Anything unexpected throws <see cref="SkimAbandonedException"/>
        /// after the denials before it were handed on; the caller reads the stream again without skimming, which gives
        /// the same denials in the same order and then the exact problem. Corrupt gzip data and a record over the size
        /// cap are thrown as when not skimming: reading again would only meet them again.
        /// </param>
        /// <exception cref="LogFormatException">The JSON is valid but not a CloudTrail log, or a record is too large.</exception>
        /// <exception cref="JsonException">The JSON is invalid or truncated.</exception>
        /// <exception cref="InvalidDataException">The gzip data is corrupt (from the stream).</exception>
        /// <exception cref="SkimAbandonedException">Skimming met something only the full reader can judge.</exception>
        public int Read(Stream stream, AccessDeniedFilter filter, DeniedRecordHandler onDenied, bool skim = false)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(initialBufferSize);
            NoteBuffer(buffer.Length);
            var cursor = new Cursor(new JsonReaderState(ReaderOptions)) { Skim = skim };
            try
            {
                int filled = 0;
                bool finalBlock = false;
                while (true)
                {
                    while (!finalBlock && filled < buffer.Length)
                    {
                        int read = stream.Read(buffer, filled, buffer.Length - filled);
                        if (read == 0)
                        {
                            finalBlock = true;
                        }

                        filled += read;
                    }

                    int committed = 0;
                    while (true)
                    {
                        Phase before = cursor.Phase;
                        committed = cursor.Phase == Phase.SkimRecords
                            ? Skim(buffer, committed, filled, finalBlock, ref cursor, filter, onDenied)
                            : Advance(buffer, committed, filled, finalBlock, ref cursor, filter, onDenied);
                        if (cursor.Phase == Phase.Done || cursor.Phase == before)
                        {
                            break; // done, or this buffer is used up
                        }
                    }

                    if (cursor.Phase == Phase.Done)
                    {
                        return cursor.RecordIndex;
                    }

                    if (finalBlock)
                    {
                        // The reader throws on truncation in the final block; this is the case of no tokens at all.
                        throw new LogFormatException("The file ends before its JSON is complete.", LogFileProblemKind.InvalidJson);
                    }

                    int remaining = filled - committed;
                    if (remaining == buffer.Length)
                    {
                        if (buffer.Length >= maxRecordSize)
                        {
                            throw new LogFormatException(
                                "Record " + cursor.RecordIndex + " is larger than " + (maxRecordSize / (1024 * 1024)) + " MB; a CloudTrail record is never that large.",
                                LogFileProblemKind.RecordTooLarge);
                        }

                        byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(maxRecordSize, buffer.Length * 2));
                        Buffer.BlockCopy(buffer, 0, larger, 0, remaining);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                        NoteBuffer(buffer.Length);
                    }
                    else if (committed > 0)
                    {
                        Buffer.BlockCopy(buffer, committed, buffer, 0, remaining);
                    }

                    filled = remaining;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private void NoteBuffer(int size)
        {
            int seen;
            while (size > (seen = Volatile.Read(ref largestBuffer)) && Interlocked.CompareExchange(ref largestBuffer, size, seen) != seen)
            {
            }
        }

        /// <summary>
        /// Reads as far as the buffer allows from <paramref name="offset"/>; returns the offset up to which everything was
        /// used. Also returns when it reaches the Records array in skim mode, for <see cref="Skim"/> to go on.
        /// </summary>
        private static int Advance(byte[] buffer, int offset, int filled, bool finalBlock, ref Cursor cursor, AccessDeniedFilter filter, DeniedRecordHandler onDenied)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(buffer, offset, filled - offset), finalBlock, cursor.State);
            int committed = offset;
            while (cursor.Phase != Phase.Done && cursor.Phase != Phase.SkimRecords)
            {
                if (!reader.Read())
                {
                    return committed;
                }

                switch (cursor.Phase)
                {
                    case Phase.Start:
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw new LogFormatException(
                                "The JSON is " + Describe(reader.TokenType) + ", not a CloudTrail log file ({\"Records\": [...]}).", LogFileProblemKind.NotCloudTrailLog);
                        }

                        cursor.Phase = Phase.RootObject;
                        break;

                    case Phase.RootObject:
                        if (reader.TokenType == JsonTokenType.EndObject)
                        {
                            if (!cursor.SawRecords)
                            {
                                throw new LogFormatException("The JSON object has no \"Records\" array, so it is not a CloudTrail log file.", LogFileProblemKind.NotCloudTrailLog);
                            }

                            cursor.Phase = Phase.Done;
                        }
                        else if (reader.ValueTextEquals(RecordsName))
                        {
                            cursor.Phase = Phase.AwaitRecordsArray;
                        }
                        else if (!reader.TrySkip())
                        {
                            return committed;
                        }

                        break;

                    case Phase.AwaitRecordsArray:
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw new LogFormatException("\"Records\" is " + Describe(reader.TokenType) + ", not an array, so this is not a CloudTrail log file.", LogFileProblemKind.NotCloudTrailLog);
                        }

                        cursor.SawRecords = true;
                        cursor.Phase = cursor.Skim ? Phase.SkimRecords : Phase.Records;
                        cursor.Expect = SkimExpect.FirstValueOrEnd;
                        break;

                    case Phase.Records:
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            cursor.Phase = Phase.RootObject;
                        }
                        else if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            int start = offset + (int)reader.TokenStartIndex;
                            if (!ReadRecord(ref reader, filter.HasTimeWindow, out string? errorCode, out DateTimeOffset? eventTime))
                            {
                                // Not all of the record is in the buffer: resume from its start after the refill.
                                return committed;
                            }

                            int index = cursor.RecordIndex++;
                            if (KnownErrorCodes.IsAuthorizationCode(errorCode) && filter.IsInTimeWindow(eventTime))
                            {
                                onDenied(new ReadOnlyMemory<byte>(buffer, start, offset + (int)reader.BytesConsumed - start), index);
                            }
                        }
                        else if (reader.TokenType == JsonTokenType.StartArray)
                        {
                            cursor.RecordIndex++;
                            if (!reader.TrySkip())
                            {
                                cursor.RecordIndex--;
                                return committed;
                            }
                        }
                        else
                        {
                            cursor.RecordIndex++;
                        }

                        break;
                }

                committed = offset + (int)reader.BytesConsumed;
                cursor.State = reader.CurrentState;
            }

            if (cursor.Phase == Phase.SkimRecords)
            {
                // The state just inside '[' accepts a value or ']': the skimmer hands ']' back to the reader in it.
                cursor.RecordsArrayState = cursor.State;
            }

            return committed;
        }

        /// <summary>
        /// Skims records from <paramref name="offset"/>: each object's end is found by its braces and strings, and only
        /// a record that may hold an authorization errorCode is read token by token. Returns the offset of the first
        /// record not complete in the buffer; at ']' hands the array's end back to <see cref="Advance"/>.
        /// </summary>
        private static int Skim(byte[] buffer, int offset, int filled, bool finalBlock, ref Cursor cursor, AccessDeniedFilter filter, DeniedRecordHandler onDenied)
        {
            int at = offset;
            while (true)
            {
                while (at < filled && IsJsonWhitespace(buffer[at]))
                {
                    at++;
                }

                if (at == filled)
                {
                    if (finalBlock)
                    {
                        throw new SkimAbandonedException();
                    }

                    return at;
                }

                byte next = buffer[at];
                if (next == (byte)']' && cursor.Expect != SkimExpect.Value)
                {
                    cursor.Phase = Phase.Records;
                    cursor.State = cursor.RecordsArrayState;
                    return at;
                }

                if (cursor.Expect == SkimExpect.CommaOrEnd)
                {
                    if (next != (byte)',')
                    {
                        throw new SkimAbandonedException();
                    }

                    at++;
                    cursor.Expect = SkimExpect.Value;
                    continue;
                }

                if (next != (byte)'{')
                {
                    // Arrays, scalars and anything invalid in Records: rare enough to leave to the full reader.
                    throw new SkimAbandonedException();
                }

                int end = FindObjectEnd(buffer, at, filled, out bool hasUnicodeEscape);
                if (end < 0)
                {
                    if (finalBlock)
                    {
                        throw new SkimAbandonedException();
                    }

                    return at; // the record continues in the next block
                }

                int index = cursor.RecordIndex++;
                var record = new ReadOnlySpan<byte>(buffer, at, end - at);
                if (hasUnicodeEscape || record.IndexOf(QuotedErrorCodeName) >= 0)
                {
                    // A candidate: read exactly as the full reader does (depth limit included: the record sits two deep).
                    var reader = new Utf8JsonReader(record, true, new JsonReaderState(RecordReaderOptions));
                    if (!reader.Read() || !ReadRecord(ref reader, filter.HasTimeWindow, out string? errorCode, out DateTimeOffset? eventTime) ||
                        reader.BytesConsumed != record.Length)
                    {
                        throw new SkimAbandonedException();
                    }

                    if (KnownErrorCodes.IsAuthorizationCode(errorCode) && filter.IsInTimeWindow(eventTime))
                    {
                        onDenied(new ReadOnlyMemory<byte>(buffer, at, end - at), index);
                    }
                }

                at = end;
                cursor.Expect = SkimExpect.CommaOrEnd;
            }
        }

        /// <summary>
        /// The offset just past the object starting at <paramref name="start"/> (a '{'), or -1 when the buffer ends first.
        /// Counts braces outside strings (brackets need no count: an object ends at the brace that balances its start);
        /// the structure between strings is short, so it is walked byte by byte, and each string's body is searched
        /// for its closing quote or an escape in one vectorized call.
        /// </summary>
        private static int FindObjectEnd(byte[] buffer, int start, int filled, out bool hasUnicodeEscape)
        {
            hasUnicodeEscape = false;
            int depth = 0;
            int at = start;
            while (at < filled)
            {
                byte b = buffer[at++];
                if (b == (byte)'"')
                {
                    while (true)
                    {
                        int q = new ReadOnlySpan<byte>(buffer, at, filled - at).IndexOfAny((byte)'"', (byte)'\\');
                        if (q < 0)
                        {
                            return -1;
                        }

                        at += q;
                        if (buffer[at] == (byte)'"')
                        {
                            at++;
                            break;
                        }

                        if (at + 1 >= filled)
                        {
                            return -1;
                        }

                        hasUnicodeEscape |= buffer[at + 1] == (byte)'u';
                        at += 2;
                    }
                }
                else if (b == (byte)'{')
                {
                    depth++;
                }
                else if (b == (byte)'}' && --depth == 0)
                {
                    return at;
                }
            }

            return -1;
        }

        private static bool IsJsonWhitespace(byte b) => b == (byte)' ' || b == (byte)'\n' || b == (byte)'\r' || b == (byte)'\t';

        /// <summary>
        /// Reads one record to its end, picking up its own errorCode and eventTime (nested ones are ignored); false when
        /// the buffer ends first. A plain token loop with depth checks: no skipping, no per-name transcoding.
        /// </summary>
        internal static bool ReadRecord(ref Utf8JsonReader reader, bool wantTime, out string? errorCode, out DateTimeOffset? eventTime)
        {
            errorCode = null;
            eventTime = null;
            int recordDepth = reader.CurrentDepth;
            RecordField pending = RecordField.None;
            while (reader.Read())
            {
                JsonTokenType token = reader.TokenType;
                if (pending != RecordField.None)
                {
                    if (token == JsonTokenType.String)
                    {
                        if (pending == RecordField.ErrorCode)
                        {
                            errorCode = CodeOf(ref reader);
                        }
                        else if (reader.TryGetDateTimeOffset(out DateTimeOffset time))
                        {
                            eventTime = time;
                        }
                    }

                    pending = RecordField.None;
                }

                if (token == JsonTokenType.PropertyName)
                {
                    if (reader.CurrentDepth == recordDepth + 1)
                    {
                        pending = NameOf(ref reader, wantTime);
                    }
                }
                else if (token == JsonTokenType.EndObject && reader.CurrentDepth == recordDepth)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The errorCode's text; null when it is not text (bytes that are not UTF-8, an escaped lone surrogate): no
        /// authorization code is either, so the record is not a denial.
        /// </summary>
        private static string? CodeOf(ref Utf8JsonReader reader)
        {
            try
            {
                return reader.GetString();
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        private static RecordField NameOf(ref Utf8JsonReader reader, bool wantTime)
        {
            if (reader.ValueIsEscaped)
            {
                return reader.ValueTextEquals(ErrorCodeName) ? RecordField.ErrorCode
                    : wantTime && reader.ValueTextEquals(EventTimeName) ? RecordField.EventTime : RecordField.None;
            }

            ReadOnlySpan<byte> name = reader.ValueSpan;
            return name.Length == 9 && name[0] == (byte)'e' && name.SequenceEqual(ErrorCodeName) ? RecordField.ErrorCode
                : wantTime && name.Length == 9 && name[0] == (byte)'e' && name.SequenceEqual(EventTimeName) ? RecordField.EventTime
                : RecordField.None;
        }

        internal static string Describe(JsonTokenType token) => token switch
        {
            JsonTokenType.StartArray => "an array",
            JsonTokenType.StartObject => "an object",
            JsonTokenType.String => "a string",
            JsonTokenType.Number => "a number",
            JsonTokenType.True or JsonTokenType.False => "a boolean",
            JsonTokenType.Null => "null",
            _ => token.ToString(),
        };

        /// <summary>Where the reader stands between refills (a struct: copied in and out of Advance by reference).</summary>
        private struct Cursor
        {
            public Cursor(JsonReaderState state)
            {
                State = state;
                Phase = Phase.Start;
                RecordIndex = 0;
                SawRecords = false;
            }

            public JsonReaderState State;
            public Phase Phase;
            public int RecordIndex;
            public bool SawRecords;
            public bool Skim;
            public SkimExpect Expect;
            public JsonReaderState RecordsArrayState;
        }
    }
}
