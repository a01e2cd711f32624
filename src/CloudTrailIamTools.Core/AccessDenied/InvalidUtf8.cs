using System;
using System.Text;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>
    /// System.Text.Json checks a string's UTF-8 only when the string is read, and then throws InvalidOperationException.
    /// One bad byte in one record must not end a scan: the record is read again with U+FFFD for each bad sequence,
    /// and the caller reports where.
    /// </summary>
    internal static class InvalidUtf8
    {
        public const string RepairedMessage = "The record is not valid UTF-8 text; it was read with U+FFFD in place of the bad bytes.";

        /// <summary>Whether the exception is System.Text.Json refusing to transcode invalid UTF-8 (and nothing else).</summary>
        public static bool IsCause(Exception exception) =>
            exception is InvalidOperationException && exception.InnerException is DecoderFallbackException;

        /// <summary>The same text as valid UTF-8, each invalid sequence replaced by U+FFFD.</summary>
        public static byte[] Repair(ReadOnlyMemory<byte> bytes)
        {
            // Encoding.UTF8 replaces rather than throws; the round trip leaves valid text unchanged.
            string text = Encoding.UTF8.GetString(bytes.ToArray());
            return Encoding.UTF8.GetBytes(text);
        }
    }
}
