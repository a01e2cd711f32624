using System.Collections.Generic;

namespace CloudTrailIamTools.Core.AccessDenied
{
    /// <summary>
    /// The CloudTrail log files in a folder, found by the same rules the access-denied scan uses (recursively,
    /// *.json and *.json.gz, CloudTrail-Digest folders skipped), for callers that read files one by one.
    /// </summary>
    public static class LogFolder
    {
        /// <summary>The log files under the folder in scan order; a subfolder that cannot be listed adds a problem.</summary>
        public static IEnumerable<string> Files(string folder, ICollection<LogFileProblem> problems)
        {
            var source = new LogFileSource(new[] { folder });
            while (source.Next(out string? file, out LogFileProblem? problem))
            {
                if (problem is not null)
                {
                    problems.Add(problem);
                }
                else if (file is not null)
                {
                    yield return file;
                }
            }
        }
    }
}
