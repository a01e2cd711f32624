using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace CloudTrailIamTools.Benchmarks
{
    /// <summary>Runs whole processes for the benchmarks that time a command as a user runs it (start included).</summary>
    internal static class ProcessRunner
    {
        /// <summary>The repository root, found from wherever BenchmarkDotNet runs the benchmark.</summary>
        public static string RepoRoot { get; } = FindRepoRoot();

        /// <summary>The CLI as a Release build lays it out (ReadyToRun).</summary>
        public static string Cli => Path.Combine(RepoRoot, "src", "CloudTrailIamTools.Cli", "bin", "Release", "net10.0", "cloudtrail-iam");

        /// <summary>Runs the program with its arguments, output discarded; fails unless it exits 0.</summary>
        public static void Run(string program, params string[] arguments) => Run(program, (IEnumerable<string>)arguments);

        public static void Run(string program, IEnumerable<string> arguments)
        {
            var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
            start.Environment["POWERSHELL_TELEMETRY_OPTOUT"] = "1";
            start.Environment["POWERSHELL_UPDATECHECK"] = "Off";
            using Process process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(program + " exited with " + process.ExitCode + ": " + error);
            }
        }

        /// <summary>A shell pipeline over the files ("$@"), for the gzip and jq references.</summary>
        public static void Shell(string script, IEnumerable<string> files)
        {
            var arguments = new List<string> { "-c", "set -o pipefail; " + script, "sh" };
            arguments.AddRange(files);
            Run("/bin/bash", arguments);
        }

        private static string FindRepoRoot()
        {
            for (DirectoryInfo? folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            {
                if (File.Exists(Path.Combine(folder.FullName, "CloudTrailIamTools.sln")))
                {
                    return folder.FullName;
                }
            }

            throw new InvalidOperationException("Run the benchmarks from inside the repository.");
        }
    }
}
