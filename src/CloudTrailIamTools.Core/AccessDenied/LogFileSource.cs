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
    /// Inside folders, links (to files or folders) are not followed, so a link back up the tree neither loops nor
    /// counts files twice, and only regular files are opened (a FIFO named x.json would block for ever); both are
    /// reported as skipped. A path named explicitly is read whatever it is. Each folder and file is read once, however
    /// the given paths overlap.
    /// </summary>
    internal sealed class LogFileSource
    {
        private const string DigestFolder = "CloudTrail-Digest";

        private readonly object gate = new object();
        private readonly IEnumerator<string> roots;
        private readonly Stack<string> folders = new Stack<string>();
        private readonly Queue<(string? File, LogFileProblem? Problem)> pending = new Queue<(string? File, LogFileProblem? Problem)>();
        private readonly HashSet<string> visitedFolders = new HashSet<string>(PathComparer);
        private readonly HashSet<string> namedFiles = new HashSet<string>(PathComparer);

        public LogFileSource(IEnumerable<string> paths)
        {
            roots = (paths ?? throw new ArgumentNullException(nameof(paths))).GetEnumerator();
        }

        private static StringComparer PathComparer => Path.DirectorySeparatorChar == '\\' ? StringComparer.OrdinalIgnoreCase : StringComparer.Ordinal;

        public static bool IsLogFileName(string path) =>
            path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// The next file to read, or a problem with a path (Kind Skipped for what was left out on purpose); false when
        /// everything has been handed out.
        /// </summary>
        public bool Next(out string? file, out LogFileProblem? problem)
        {
            lock (gate)
            {
                while (true)
                {
                    if (pending.Count > 0)
                    {
                        (file, problem) = pending.Dequeue();
                        return true;
                    }

                    file = null;
                    problem = null;
                    if (folders.Count > 0)
                    {
                        ExpandFolder(folders.Pop());
                        continue;
                    }

                    if (!roots.MoveNext())
                    {
                        return false;
                    }

                    AddRoot(roots.Current);
                }
            }
        }

        private void AddRoot(string root)
        {
            if (File.Exists(root))
            {
                // A file named explicitly is read whatever its name or kind (`--path <(zcat x.gz)` names a pipe), once.
                string full = FullPath(root);
                bool readInFolder = IsLogFileName(full) && Path.GetDirectoryName(full) is string parent && visitedFolders.Contains(parent);
                if (namedFiles.Add(full) && !readInFolder)
                {
                    pending.Enqueue((root, null));
                }
            }
            else if (Directory.Exists(root))
            {
                AddFolder(root);
            }
            else
            {
                pending.Enqueue((null, new LogFileProblem(root, LogFileProblemKind.Unreadable, "No such file or folder.")));
            }
        }

        private void AddFolder(string folder)
        {
            if (visitedFolders.Add(FullPath(folder)))
            {
                folders.Push(folder);
            }
        }

        private void ExpandFolder(string folder)
        {
            FileSystemInfo[] children;
            try
            {
                children = new DirectoryInfo(folder).GetFileSystemInfos();
            }
            catch (Exception exception) when (exception is IOException || exception is UnauthorizedAccessException || exception is System.Security.SecurityException)
            {
                pending.Enqueue((null, new LogFileProblem(folder, LogFileProblemKind.Unreadable, "The folder could not be listed: " + exception.Message)));
                return;
            }

            var childFolders = new List<string>();
            foreach (FileSystemInfo child in children.OrderBy(info => info.Name, StringComparer.Ordinal))
            {
                string path = Path.Combine(folder, child.Name);
                bool isFolder = (child.Attributes & FileAttributes.Directory) != 0;
                if (!isFolder && !IsLogFileName(path))
                {
                    continue;
                }

                if ((child.Attributes & FileAttributes.ReparsePoint) != 0)
                {
                    pending.Enqueue((null, new LogFileProblem(path, LogFileProblemKind.Skipped,
                        "Skipped: a link to a " + (isFolder ? "folder" : "file") + "; links inside folders are not followed (name the target to read it).")));
                }
                else if (isFolder)
                {
                    if (!string.Equals(child.Name, DigestFolder, StringComparison.OrdinalIgnoreCase))
                    {
                        childFolders.Add(path);
                    }
                }
                else if (FileKind.IsSpecialFile(path))
                {
                    pending.Enqueue((null, new LogFileProblem(path, LogFileProblemKind.Skipped,
                        "Skipped: not a regular file (a FIFO, socket or device); only regular files are read inside folders.")));
                }
                else if (!namedFiles.Contains(FullPath(path)))
                {
                    pending.Enqueue((path, null));
                }
            }

            for (int i = childFolders.Count - 1; i >= 0; i--)
            {
                AddFolder(childFolders[i]);
            }
        }

        private static string FullPath(string path) => Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
    }
}
