using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.AccessDenied;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Infrastructure;

namespace CloudTrailIamTools.Commands
{
    /// <summary>
    /// Finds every access denial in CloudTrail data and explains it: log files and folders (-Path, streamed and read in
    /// parallel), or the live event history (LookupEvents, the default). Grouped by principal and action unless
    /// -NoGroup; -AsAthenaQuery prints the same question as Athena SQL instead. Paths and principals from the pipeline
    /// are collected, and one report covers them all.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "CloudTrailAccessDenied", DefaultParameterSetName = EventHistorySet)]
    [OutputType(typeof(AccessDeniedGroup), typeof(AccessDeniedEvent), typeof(AthenaQuery))]
    public sealed class GetCloudTrailAccessDeniedCommand : AwsCmdlet
    {
        public const string EventHistorySet = "EventHistory";
        public const string PathSet = "Path";
        public const string LiteralPathSet = "LiteralPath";
        public const string AthenaQuerySet = "AthenaQuery";

        private const int ProgressActivityId = 1;

        private readonly List<string> files = new List<string>();
        private readonly HashSet<string> seenFiles = new HashSet<string>(StringComparer.Ordinal);
        private readonly List<string> principals = new List<string>();
        private readonly HashSet<string> seenPrincipals = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        /// <summary>CloudTrail log files (.json, .json.gz) or folders, searched recursively; wildcards allowed.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true, ParameterSetName = PathSet)]
        [Alias("FullName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[]? Path { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = LiteralPathSet)]
        [Alias("PSPath", "LP")]
        [ValidateNotNullOrEmpty]
        public string[]? LiteralPath { get; set; }

        /// <summary>Only denials of these principals (ARN or user/role name; wildcards; case-insensitive).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("Arn", "Principal")]
        [SupportsWildcards]
        [AllowNull]
        [AllowEmptyCollection]
        public string[]? PrincipalArn { get; set; }

        /// <summary>Only denials of these actions (service:Action; wildcards; case-insensitive).</summary>
        [Parameter]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(ActionNameCompleter))]
        public string[]? Action { get; set; }

        /// <summary>Only denials at or after this time (local time unless the value says otherwise).</summary>
        [Parameter]
        public DateTime? StartTime { get; set; }

        /// <summary>Only denials at or before this time.</summary>
        [Parameter]
        public DateTime? EndTime { get; set; }

        /// <summary>One object per denied event instead of one per principal and action.</summary>
        [Parameter]
        public SwitchParameter NoGroup { get; set; }

        /// <summary>Writes the equivalent Amazon Athena SQL instead of reading any data.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AthenaQuerySet)]
        public SwitchParameter AsAthenaQuery { get; set; }

        /// <summary>The Athena table over the CloudTrail logs (table or database.table).</summary>
        [Parameter(ParameterSetName = AthenaQuerySet)]
        [ValidateNotNullOrEmpty]
        public string TableName { get; set; } = AthenaQuery.DefaultTableName;

        protected override void ProcessRecord()
        {
            // Piped objects (diagnoses, IAM users) may carry no ARN: they add no filter rather than failing the record.
            foreach (string? principal in PrincipalArn ?? Array.Empty<string>())
            {
                if (!string.IsNullOrEmpty(principal) && seenPrincipals.Add(principal!))
                {
                    principals.Add(principal);
                }
            }

            if (ParameterSetName == PathSet)
            {
                AddPaths(Path!, literal: false);
            }
            else if (ParameterSetName == LiteralPathSet)
            {
                AddPaths(LiteralPath!, literal: true);
            }
        }

        protected override void EndProcessing()
        {
            AccessDeniedFilter filter = CreateFilter();
            if (ParameterSetName != EventHistorySet)
            {
                UnusedConnectionParameters.Warn(this, "to read the event history (without -Path, -LiteralPath or -AsAthenaQuery)");
            }

            switch (ParameterSetName)
            {
                case AthenaQuerySet:
                    WriteAthenaQuery(filter);
                    break;
                case EventHistorySet:
                    ReadEventHistory(filter);
                    break;
                default:
                    ReadFiles(filter);
                    break;
            }
        }

        private AccessDeniedFilter CreateFilter()
        {
            try
            {
                return new AccessDeniedFilter(principals, Action, ToOffset(StartTime), ToOffset(EndTime));
            }
            catch (InvalidInputException invalid)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromCoreException(invalid, invalid.Location));
                throw;
            }
        }

        private void WriteAthenaQuery(AccessDeniedFilter filter)
        {
            try
            {
                WriteObject(AthenaQuery.Create(filter, TableName, grouped: !NoGroup.IsPresent));
            }
            catch (InvalidInputException invalid)
            {
                ThrowTerminatingError(ErrorRecordFactory.FromCoreException(invalid, TableName));
            }
        }

        private void ReadEventHistory(AccessDeniedFilter filter)
        {
            var scanner = new AccessDeniedScanner(filter);
            AccessDeniedAggregator? aggregator = NoGroup.IsPresent ? null : new AccessDeniedAggregator();
            using (CloudTrailClient client = Connection.CreateCloudTrailClient())
            {
                WriteVerbose("Reading the CloudTrail event history (LookupEvents) in " + Connection.Region + ".");
                AccessDeniedEventHistoryPages pages = scanner.ScanEventHistoryPages(client);
                var progress = new ThrottledProgress(this, ProgressActivityId, "Get-CloudTrailAccessDenied: reading the CloudTrail event history (LookupEvents)");

                // One page at a time on the pipeline thread: with -NoGroup each page's events go down the pipeline before
                // the next page is requested, and only groups (never events) are kept across pages.
                while (true)
                {
                    IReadOnlyList<AccessDeniedScanItem>? page;
                    try
                    {
                        page = Call(token => pages.NextAsync(token));
                    }
                    catch (CloudTrailIamToolsException failure)
                    {
                        // What was read before the failure is still reported below.
                        WriteError(ErrorRecordFactory.FromCoreException(failure, "LookupEvents"));
                        break;
                    }

                    if (page is null)
                    {
                        break;
                    }

                    foreach (AccessDeniedScanItem item in page)
                    {
                        Emit(item, aggregator);
                    }

                    WriteVerbose("LookupEvents page " + pages.PagesRead + ": " + page.Count + " result(s).");
                    progress.Update(() => pages.PagesRead + " page(s), " + scanner.RecordsRead + " event(s) read; " + scanner.DeniedEvents + " denied event(s)");
                }

                progress.Complete();
            }

            Finish(scanner, aggregator);
        }

        private void ReadFiles(AccessDeniedFilter filter)
        {
            if (files.Count == 0)
            {
                return;
            }

            var scanner = new AccessDeniedScanner(filter);
            var progress = new ThrottledProgress(this, ProgressActivityId, "Get-CloudTrailAccessDenied: reading CloudTrail log files");
            try
            {
                IEnumerable<AccessDeniedScanItem> items = scanner.ScanPaths(files, CancellationToken);
                if (progress.Enabled)
                {
                    // The number of files under the folders is not known in advance (they are found as they are read).
                    items = HeartbeatEnumerable.Enumerate(
                        items,
                        () => progress.Update(() => scanner.FilesRead + " file(s), " + scanner.RecordsRead + " record(s) read; " + scanner.DeniedEvents + " denied event(s)"),
                        CancellationToken);
                }

                Report(scanner, items);
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: the readers have stopped and closed their files; PowerShell ends the pipeline.
            }
            finally
            {
                progress.Complete();
            }
        }

        private void Report(AccessDeniedScanner scanner, IEnumerable<AccessDeniedScanItem> items)
        {
            AccessDeniedAggregator? aggregator = NoGroup.IsPresent ? null : new AccessDeniedAggregator();
            foreach (AccessDeniedScanItem item in items)
            {
                Emit(item, aggregator);
            }

            Finish(scanner, aggregator);
        }

        /// <summary>A problem becomes an error record; an event is written at once (-NoGroup) or counted into its group.</summary>
        private void Emit(AccessDeniedScanItem item, AccessDeniedAggregator? aggregator)
        {
            if (item.Problem is LogFileProblem { IsError: false } skipped)
            {
                // Left out on purpose (a link inside a folder, a FIFO): the report is complete, so a warning, not an error.
                WriteWarning(skipped.Path + ": " + skipped.Message);
            }
            else if (item.Problem is LogFileProblem problem)
            {
                WriteError(ErrorRecordFactory.Create(
                    problem.ErrorId,
                    problem.Kind == LogFileProblemKind.Unreadable ? ErrorCategory.ReadError : ErrorCategory.InvalidData,
                    problem.Path + ": " + problem.Message,
                    problem.Path));
            }
            else if (aggregator is not null)
            {
                aggregator.Add(item.Event!);
            }
            else
            {
                WriteObject(item.Event);
            }
        }

        private void Finish(AccessDeniedScanner scanner, AccessDeniedAggregator? aggregator)
        {
            if (aggregator is not null)
            {
                WriteObject(aggregator.GetGroups(), enumerateCollection: true);
            }

            WriteVerbose(scanner.FilesRead + " file(s) and " + scanner.RecordsRead + " record(s) read; " + scanner.DeniedEvents +
                " denied event(s) kept; " + scanner.Problems + " input(s) with problems.");
        }

        private void AddPaths(IEnumerable<string> paths, bool literal)
        {
            foreach (string path in paths)
            {
                IEnumerable<string> resolved;
                ProviderInfo provider;
                try
                {
                    if (literal)
                    {
                        resolved = new[] { SessionState.Path.GetUnresolvedProviderPathFromPSPath(path, out provider, out _) };
                    }
                    else
                    {
                        resolved = GetResolvedProviderPathFromPSPath(path, out provider);
                    }
                }
                catch (ItemNotFoundException notFound)
                {
                    WriteError(ErrorRecordFactory.Create("PathNotFound", ErrorCategory.ObjectNotFound, "No file or folder matches '" + path + "'.", path, notFound));
                    continue;
                }

                if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                {
                    WriteError(ErrorRecordFactory.Create("PathNotFileSystem", ErrorCategory.InvalidArgument,
                        "'" + path + "' is not a file system path; CloudTrail logs are read from files and folders.", path));
                    continue;
                }

                bool expanded = !literal && WildcardPattern.ContainsWildcardCharacters(path);
                foreach (string file in resolved)
                {
                    if (expanded && File.Exists(file) && !IsLogFileName(file))
                    {
                        WriteVerbose("Skipping '" + file + "': a wildcard matched it, and it is not a .json or .json.gz file.");
                    }
                    else if (literal && !File.Exists(file) && !Directory.Exists(file))
                    {
                        WriteError(ErrorRecordFactory.Create("PathNotFound", ErrorCategory.ObjectNotFound, "No file or folder '" + file + "'.", file));
                    }
                    else if (seenFiles.Add(file))
                    {
                        files.Add(file);
                    }
                }
            }
        }

        private static bool IsLogFileName(string file) =>
            file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase);

        /// <summary>A DateTime without a kind is local time, as Get-Date and PowerShell's casts mean it.</summary>
        private static DateTimeOffset? ToOffset(DateTime? time) =>
            time is DateTime value ? new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Local) : value) : (DateTimeOffset?)null;
    }
}
