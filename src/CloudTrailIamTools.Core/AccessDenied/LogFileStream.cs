using System;
using System.IO;
using System.IO.Compression;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>Opens a log file for reading, decompressing gzip (by name, .gz, or by its magic bytes whatever the name).</summary>
    internal static class LogFileStream
    {
        /// <exception cref="IOException">The file cannot be opened.</exception>
        /// <exception cref="UnauthorizedAccessException">No permission to read it.</exception>
        public static Stream Open(string path)
        {
            // No FileStream buffer: GZipStream and the JSON readers both read in large blocks already.
            var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            try
            {
                return IsGzip(path, file) ? new GZipStream(file, CompressionMode.Decompress) : file;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }

        private static bool IsGzip(string path, FileStream file)
        {
            if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (!file.CanSeek)
            {
                // A pipe named explicitly (`--path <(zcat x.gz)`): plain JSON unless the name says otherwise.
                return false;
            }

            int first = file.ReadByte();
            int second = first < 0 ? -1 : file.ReadByte();
            file.Position = 0;
            return first == 0x1f && second == 0x8b;
        }
    }
}
