using System;
using System.IO;
using System.Runtime.InteropServices;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>
    /// Tells regular files from FIFOs, sockets and devices, which .NET reports as ordinary files: opening a FIFO blocks
    /// until something writes to it, and a device may never end. netstandard2.0 has no managed way to ask, so on Unix
    /// this asks the runtime's own System.Native library (lstat); its FileStatus starts with Flags then Mode, and has
    /// since .NET Core 1.0.
    /// </summary>
    internal static class FileKind
    {
        private const int TypeMask = 0xF000;
        private const int RegularFile = 0x8000;

        private static bool nativeMissing;

        /// <summary>Whether the path is something other than a regular file or folder (a FIFO, socket or device); false when unsure.</summary>
        public static bool IsSpecialFile(string path)
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                // No FIFOs or devices inside Windows folders.
                return false;
            }

            if (!nativeMissing)
            {
                try
                {
                    // Larger than any version of the runtime's FileStatus; only Mode (offset 4) is read.
                    var status = new byte[512];
                    // A NUL-terminated UTF-8 path, as the native side expects.
                    byte[] name = System.Text.Encoding.UTF8.GetBytes(path + "\0");
                    if (LStat(name, status) != 0)
                    {
                        return false;
                    }

                    int mode = BitConverter.ToInt32(status, 4);
                    return (mode & TypeMask) != RegularFile;
                }
                catch (Exception exception) when (exception is DllNotFoundException || exception is EntryPointNotFoundException)
                {
                    nativeMissing = true;
                }
            }

            // Without lstat: special files report no length, and an empty file holds no log anyway.
            try
            {
                return new FileInfo(path).Length == 0;
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                return false;
            }
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat")]
        private static extern int LStat(byte[] path, [Out] byte[] output);
    }
}
