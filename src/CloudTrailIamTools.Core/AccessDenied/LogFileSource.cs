using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>
    /// The CloudTrail log files under the given paths, found lazily (folders recursively, *.json and *.json.gz, in
    /// name order per folder) so an organization's millions of files never sit in memory as one list. Shared by the
    /// scan's workers: Next is thread-safe. Covers AWSLogs/&lt;account&gt;/CloudTrail/&lt;region&gt;/YYYY/MM/DD and the
    /// organization layout AWSLogs/o-xxx/&lt;account&gt;/..., and skips CloudTrail-Digest folders (digests hold no events).
    /// </summary>
    internal sealed class LogFileSource
    {
        private const string DigestFolder = "CloudTrail-Digest";

        private readonly object gate = new object();
        private readonly IEnumerator<string> roots;
        private readonly Stack<string> folders = new Stack<string>();
        private readonly Queue<string> files = new Queue<string>();

        public LogFileSource(IEnumerable<string> paths)
        {
            roots = (paths ?? throw new ArgumentNullException(nameof(paths))).GetEnumerator();
        }

        public static bool IsLogFileName(string path) =>
            path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase);

        /// <summary>The next file to read, or a problem with a path; false when everything has been handed out.</summary>
        public bool Next(out string? file, out LogFileProblem? problem)
        {
            lock (gate)
            {
                while (true)
                {
                    problem = null;
                    if (files.Count > 0)
                    {
                        file = files.Dequeue();
                        return true;
                    }

                    file = null;
                    if (folders.Count > 0)
                    {
                        problem = ExpandFolder(folders.Pop());
                        if (problem is not null)
                        {
                            return true;
                        }

                        continue;
                    }

                    if (!roots.MoveNext())
                    {
                        return false;
                    }

                    string root = roots.Current;
                    if (File.Exists(root))
                    {
                        // A file named explicitly is read whatever its name.
                        file = root;
                        return true;
                    }

                    if (Directory.Exists(root))
                    {
                        folders.Push(root);
                        continue;
                    }

                    problem = new LogFileProblem(root, LogFileProblemKind.Unreadable, "No such file or folder.");
                    return true;
                }
            }
        }

        private LogFileProblem? ExpandFolder(string folder)
        {
            string[] childFiles;
            string[] childFolders;
            try
            {
                childFiles = Directory.GetFiles(folder);
                childFolders = Directory.GetDirectories(folder);
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException)
            {
                return new LogFileProblem(folder, LogFileProblemKind.Unreadable, "The folder could not be listed: " + exception.Message);
            }

            foreach (string child in childFiles.Where(IsLogFileName).OrderBy(name => name, StringComparer.Ordinal))
            {
                files.Enqueue(child);
            }

            foreach (string child in childFolders.OrderByDescending(name => name, StringComparer.Ordinal))
            {
                if (!string.Equals(Path.GetFileName(child), DigestFolder, StringComparison.OrdinalIgnoreCase))
                {
                    folders.Push(child);
                }
            }

            return null;
        }
    }
}
