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
            Done,
        }

        /// <summary>Reads the stream to its end; returns the number of records seen.</summary>
        /// <exception cref="LogFormatException">The JSON is valid but not a CloudTrail log, or a record is too large.</exception>
        /// <exception cref="JsonException">The JSON is invalid or truncated.</exception>
        /// <exception cref="InvalidDataException">The gzip data is corrupt (from the stream).</exception>
        public int Read(Stream stream, AccessDeniedFilter filter, DeniedRecordHandler onDenied)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(initialBufferSize);
            NoteBuffer(buffer.Length);
            var cursor = new Cursor(new JsonReaderState(ReaderOptions));
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

                    int committed = Advance(buffer, filled, finalBlock, ref cursor, filter, onDenied);
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

        /// <summary>Reads as far as the buffer allows; returns the offset up to which everything was used.</summary>
        private static int Advance(byte[] buffer, int filled, bool finalBlock, ref Cursor cursor, AccessDeniedFilter filter, DeniedRecordHandler onDenied)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(buffer, 0, filled), finalBlock, cursor.State);
            int committed = 0;
            while (cursor.Phase != Phase.Done)
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
                        cursor.Phase = Phase.Records;
                        break;

                    case Phase.Records:
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            cursor.Phase = Phase.RootObject;
                        }
                        else if (reader.TokenType == JsonTokenType.StartObject)
                        {
                            int start = (int)reader.TokenStartIndex;
                            if (!ReadRecord(ref reader, filter.HasTimeWindow, out string? errorCode, out DateTimeOffset? eventTime))
                            {
                                // Not all of the record is in the buffer: resume from its start after the refill.
                                return committed;
                            }

                            int index = cursor.RecordIndex++;
                            if (KnownErrorCodes.IsAuthorizationCode(errorCode) && filter.IsInTimeWindow(eventTime))
                            {
                                onDenied(new ReadOnlyMemory<byte>(buffer, start, (int)reader.BytesConsumed - start), index);
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

                committed = (int)reader.BytesConsumed;
                cursor.State = reader.CurrentState;
            }

            return committed;
        }

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

        /// <summary>The errorCode's text; null when it is not valid UTF-8 (no authorization code is), so the record is not a denial.</summary>
        private static string? CodeOf(ref Utf8JsonReader reader)
        {
            try
            {
                return reader.GetString();
            }
            catch (InvalidOperationException exception) when (InvalidUtf8.IsCause(exception))
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
        }
    }

    /// <summary>Valid JSON that is not a CloudTrail log, or a record too large to be one.</summary>
    internal sealed class LogFormatException : Exception
    {
        public LogFormatException(string message, LogFileProblemKind kind)
            : base(message)
        {
            Kind = kind;
        }

        public LogFileProblemKind Kind { get; }
    }
}
