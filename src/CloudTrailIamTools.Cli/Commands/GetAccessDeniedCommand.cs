using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.AccessDenied;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Cli.Commands
{
    /// <summary>
    /// get-access-denied: the CLI twin of Get-CloudTrailAccessDenied. Sources: --path (files and folders), the live
    /// event history (--lookup-events), or standard input: concatenated JSON values (log files, events, arrays;
    /// one per line or pretty-printed), streamed record by record. Exit codes: 0 when every input was read;
    /// 1 when some input could not be read (each printed as "error: &lt;input&gt;: &lt;what&gt;"; the report still covers
    /// everything else) or an AWS call failed; 2 for usage errors (bad option values, missing paths, conflicting options).
    /// </summary>
    internal static class GetAccessDeniedCommand
    {
        public static Command Create(CliConsole console)
        {
            var paths = new Option<string[]>("--path") { Description = "A CloudTrail log file (.json, .json.gz) or a folder searched recursively; repeatable." };
            var since = new Option<string?>("--since") { Description = "Only denials at or after this time: ISO 8601 (UTC without an offset) or a span back from now (30m, 24h, 7d)." };
            var until = new Option<string?>("--until") { Description = "Only denials at or before this time (same forms as --since)." };
            var principals = new Option<string[]>("--principal") { Description = "Only these principals: ARN or user/role name, '*' and '?' allowed, case-insensitive; repeatable." };
            var actions = new Option<string[]>("--action") { Description = "Only these actions (service:Action), '*' and '?' allowed, case-insensitive; repeatable." };
            var noGroup = new Option<bool>("--no-group") { Description = "One result per denied event instead of one per principal and action." };
            var athena = new Option<bool>("--athena-query") { Description = "Print the equivalent Amazon Athena SQL over the CloudTrail table instead of scanning." };
            var table = new Option<string>("--table") { Description = "The Athena table for --athena-query (database.table allowed).", DefaultValueFactory = _ => AthenaQuery.DefaultTableName };
            var lookup = new Option<bool>("--lookup-events") { Description = "Read the live event history (LookupEvents: management events of the last 90 days) of --region." };
            var json = new Option<bool>("--json") { Description = "Write JSON Lines (one group, or event with --no-group, per line) with the cmdlet's property names." };
            var aws = new AwsOptions();

            var command = new Command(
                "get-access-denied",
                "Find and explain every access denial in CloudTrail logs, the event history or standard input (log files, events, JSON Lines, or " +
                "'aws cloudtrail lookup-events' output). A denial is a record whose errorCode is an authorization code (AccessDenied, " +
                "AccessDeniedException, UnauthorizedOperation, ...); resolve-access-error --path also takes CloudTrail's prerequisite errors. Inside " +
                "folders, links are not followed and only regular files are read (each skip is a 'note:' line). Exit codes: 0 every input was read; " +
                "1 some input could not be read (see the error lines; the report covers the rest), standard input was empty, or the AWS call failed; " +
                "2 usage error.");
            foreach (Option option in new Option[] { paths, since, until, principals, actions, noGroup, athena, table, lookup, json })
            {
                command.Options.Add(option);
            }

            aws.AddTo(command);
            command.SetAction(parse =>
            {
                DateTimeOffset now = DateTimeOffset.UtcNow;
                AccessDeniedFilter filter;
                try
                {
                    filter = new AccessDeniedFilter(
                        parse.GetValue(principals),
                        parse.GetValue(actions),
                        parse.GetValue(since) is string s ? AccessDeniedTime.Parse(s, now, "--since") : (DateTimeOffset?)null,
                        parse.GetValue(until) is string u ? AccessDeniedTime.Parse(u, now, "--until") : (DateTimeOffset?)null);
                }
                catch (InvalidInputException invalid)
                {
                    throw new CliUsageException(invalid.Message);
                }

                var request = new Request(console, filter, parse.GetValue(paths) ?? Array.Empty<string>(), parse.GetValue(noGroup), parse.GetValue(json));
                if (parse.GetValue(athena))
                {
                    if (parse.GetValue(lookup) || request.Paths.Length > 0)
                    {
                        throw new CliUsageException("--athena-query prints SQL and reads no data: leave out --path and --lookup-events.");
                    }

                    return PrintAthenaQuery(console, filter, parse.GetValue(table), request.NoGroup);
                }

                if (parse.GetValue(lookup))
                {
                    if (request.Paths.Length > 0)
                    {
                        throw new CliUsageException("Use --path or --lookup-events, not both.");
                    }

                    ResolvedAwsConnection connection = aws.Resolve(parse);
                    return RunLookup(request, connection);
                }

                return RunLocal(request);
            });
            return command;
        }

        private static int PrintAthenaQuery(CliConsole console, AccessDeniedFilter filter, string? table, bool noGroup)
        {
            AthenaQuery query;
            try
            {
                query = AthenaQuery.Create(filter, table, grouped: !noGroup);
            }
            catch (InvalidInputException invalid)
            {
                throw new CliUsageException(invalid.Message);
            }

            console.Output.WriteLine(query.Sql);
            return CliApplication.ExitSuccess;
        }

        private static int RunLocal(Request request)
        {
            foreach (string path in request.Paths)
            {
                if (!File.Exists(path) && !Directory.Exists(path))
                {
                    throw new CliUsageException("--path '" + path + "': no such file or folder.");
                }
            }

            if (request.Paths.Length == 0 && !request.Console.InputRedirected)
            {
                throw new CliUsageException("Nothing to read: give --path, --lookup-events or --athena-query, or pipe CloudTrail JSON (log files as zcat writes them, events, JSON Lines) to standard input.");
            }

            var scanner = new AccessDeniedScanner(request.Filter);
            if (request.Paths.Length > 0)
            {
                return Report(request, scanner.ScanPaths(request.Paths));
            }

            // The real console: read its bytes (CloudTrail logs are UTF-8), not text decoded and encoded again.
            int exitCode;
            if (ReferenceEquals(request.Console.Input, Console.In))
            {
                using Stream input = Console.OpenStandardInput();
                exitCode = Report(request, scanner.ScanJsonValues(input));
            }
            else
            {
                exitCode = Report(request, scanner.ScanJsonValues(request.Console.Input));
            }

            if (scanner.ValuesRead == 0)
            {
                // `zcat nothing/*.gz | ...` must not pass for a clean report.
                request.Console.Error.WriteLine("error: standard input was empty: no CloudTrail JSON to read.");
                return CliApplication.ExitFailure;
            }

            return exitCode;
        }

        private static int RunLookup(Request request, ResolvedAwsConnection connection)
        {
            using CloudTrailClient client = connection.CreateCloudTrailClient();
            var scanner = new AccessDeniedScanner(request.Filter);
            var report = new ReportBuilder(request);

            try
            {
                // Page by page: with --no-group each page's denials are written before the next page is requested.
                AccessDeniedEventHistoryPages pages = scanner.ScanEventHistoryPages(client);
                while (pages.NextAsync(CancellationToken.None).GetAwaiter().GetResult() is IReadOnlyList<AccessDeniedScanItem> page)
                {
                    foreach (AccessDeniedScanItem item in page)
                    {
                        report.Add(item);
                    }
                }
            }
            catch (CloudTrailIamToolsException)
            {
                // What was read before the failure is still reported; the failure itself becomes the error line.
                report.Finish();
                throw;
            }

            return report.Finish();
        }

        private static int Report(Request request, IEnumerable<AccessDeniedScanItem> items)
        {
            var report = new ReportBuilder(request);
            foreach (AccessDeniedScanItem item in items)
            {
                report.Add(item);
            }

            return report.Finish();
        }

        /// <summary>Writes events at once (--no-group) or keeps only the groups until the end; problems go to standard error.</summary>
        private sealed class ReportBuilder
        {
            private readonly Request request;
            private readonly AccessDeniedAggregator? aggregator;
            private readonly ReportWriter output;
            private bool incomplete;

            public ReportBuilder(Request request)
            {
                this.request = request;
                aggregator = request.NoGroup ? null : new AccessDeniedAggregator();
                output = new ReportWriter(request.Console.Output, request.Json);
            }

            public void Add(AccessDeniedScanItem item)
            {
                if (item.Problem is LogFileProblem { IsError: false } skipped)
                {
                    // Left out on purpose (a link inside a folder, a FIFO): said, but the report is complete.
                    request.Console.Error.WriteLine("note: " + skipped.Path + ": " + skipped.Message);
                }
                else if (item.Problem is LogFileProblem problem)
                {
                    request.Console.Error.WriteLine("error: " + problem.Path + ": " + problem.Message);
                    incomplete = true;
                }
                else if (aggregator is not null)
                {
                    aggregator.Add(item.Event!);
                }
                else
                {
                    output.Write(item.Event!);
                }
            }

            public int Finish()
            {
                if (aggregator is not null)
                {
                    foreach (AccessDeniedGroup group in aggregator.GetGroups())
                    {
                        output.Write(group);
                    }
                }

                return incomplete ? CliApplication.ExitFailure : CliApplication.ExitSuccess;
            }
        }

        private sealed class Request
        {
            public Request(CliConsole console, AccessDeniedFilter filter, string[] paths, bool noGroup, bool json)
            {
                Console = console;
                Filter = filter;
                Paths = paths;
                NoGroup = noGroup;
                Json = json;
            }

            public CliConsole Console { get; }

            public AccessDeniedFilter Filter { get; }

            public string[] Paths { get; }

            public bool NoGroup { get; }

            public bool Json { get; }
        }

        /// <summary>JSON Lines, or an aligned text table with a header.</summary>
        private sealed class ReportWriter
        {
            private readonly TextWriter writer;
            private readonly bool json;
            private bool headerWritten;

            public ReportWriter(TextWriter writer, bool json)
            {
                this.writer = writer;
                this.json = json;
            }

            public void Write(AccessDeniedGroup group)
            {
                if (json)
                {
                    writer.WriteLine(JsonSerializer.Serialize(group, CoreJson.Output));
                    return;
                }

                Header("COUNT  FIRST SEEN            LAST SEEN             ERROR CODE                    PRINCIPAL / ACTION / RESOURCE");
                writer.WriteLine(
                    group.Count.ToString(CultureInfo.InvariantCulture).PadLeft(5) + "  " + Time(group.FirstSeen) + "  " + Time(group.LastSeen) + "  " +
                    (group.ErrorCode ?? "-").PadRight(28) + "  " + (group.PrincipalArn ?? "(unknown principal)") + "  " + (group.Action ?? "-") +
                    (group.Resource is null ? string.Empty : "  " + group.Resource));
            }

            public void Write(AccessDeniedEvent deniedEvent)
            {
                if (json)
                {
                    writer.WriteLine(JsonSerializer.Serialize(deniedEvent, CoreJson.Output));
                    return;
                }

                Header("EVENT TIME            ERROR CODE                    PRINCIPAL / ACTION / RESOURCE / SOURCE");
                writer.WriteLine(
                    Time(deniedEvent.EventTime) + "  " + (deniedEvent.ErrorCode ?? "-").PadRight(28) + "  " + (deniedEvent.PrincipalArn ?? "(unknown principal)") +
                    "  " + (deniedEvent.Action ?? "-") + (deniedEvent.Resource is null ? string.Empty : "  " + deniedEvent.Resource) + "  " + deniedEvent.Source);
            }

            private void Header(string header)
            {
                if (!headerWritten)
                {
                    writer.WriteLine(header);
                    headerWritten = true;
                }
            }

            private static string Time(DateTimeOffset? time) =>
                (time is null ? "-" : time.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).PadRight(20);
        }
    }
}
