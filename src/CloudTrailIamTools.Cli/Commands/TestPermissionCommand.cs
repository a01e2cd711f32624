using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;
using CloudTrailIamTools.Core.PermissionTesting;

namespace CloudTrailIamTools.Cli.Commands
{
    /// <summary>
    /// test-permission: the CLI twin of Test-CloudTrailPermission. Binds the options into a PermissionTestRequest (whose
    /// rule decides offline or live) and writes what PermissionTestService answers; --requests runs a JSON Lines batch.
    /// </summary>
    internal static class TestPermissionCommand
    {
        /// <summary>--quiet: a result was not Allowed and no error happened (errors keep CliApplication.ExitFailure).</summary>
        internal const int ExitDenied = 3;

        public static Command Create(CliConsole console)
        {
            var requests = new Option<string?>("--requests") { Description = "JSON Lines file of requests ('-' for standard input): request objects or resolve-access-error --json diagnoses; one JSON result line per request, in order; a bad line gives an Error line and exit code 1." };
            var actions = new Option<string[]>("--action") { Description = "service:Action to test; repeatable." };
            var resources = new Option<string[]>("--resource") { Description = "Resource ARN (default *); repeatable: one result per action and resource." };
            var resourceAccount = new Option<string?>("--resource-account") { Description = "12-digit account that owns the resource, when its ARN has none (S3): decides same- versus cross-account evaluation." };
            var principal = new Option<string?>("--principal") { Description = "User, role or assumed-role ARN, account, service principal or Anonymous. Live: defaults to the caller." };
            var identityPolicies = new Option<string[]>("--identity-policy") { Description = "Identity-based policy file; repeatable. The test is offline with it, with --permissions-boundary, with --offline, or for a principal that is not an IAM user, role or session; otherwise the principal's policies are read from IAM." };
            var resourcePolicy = new Option<string?>("--resource-policy") { Description = "The resource's policy file." };
            var boundary = new Option<string?>("--permissions-boundary") { Description = "Permissions boundary policy file (offline)." };
            var sessionPolicy = new Option<string?>("--session-policy") { Description = "Session policy file." };
            var scps = new Option<string[]>("--scp") { Description = "Service control policy file, one level each, organization root first; repeatable (live too: adds what IAM does not show)." };
            var context = new Option<string[]>("--context") { Description = "Request context key=value; repeatable; a repeated key makes a multi-valued key." };
            var scenario = new Option<string?>("--scenario") { Description = "A CloudTrail task to check in full: " + string.Join(", ", Core.Catalog.IamCatalog.Default.Scenarios.Select(s => s.Name)) + "." };
            var offline = new Option<bool>("--offline") { Description = "Never call AWS: evaluate only the policy files given." };
            var useSimulator = new Option<bool>("--use-simulator") { Description = "Live single actions: also ask IAM's SimulatePrincipalPolicy and report whether it agrees (not with --scenario)." };
            var json = new Option<bool>("--json") { Description = "Write one JSON object per result (JSON Lines) with the cmdlet's property names." };
            var quiet = new Option<bool>("--quiet") { Description = "Write no results; the exit code says it: 0 when every result is Allowed, 3 when any is denied, 1 on errors." };
            var aws = new AwsOptions();

            var command = new Command("test-permission", "Decide whether a principal may perform actions, with the deciding statements, offline or against an account.");
            Option[] requestOptions = { actions, resources, resourceAccount, principal, identityPolicies, resourcePolicy, boundary, sessionPolicy, scps, context, scenario, offline, useSimulator };
            foreach (Option option in new Option[] { requests }.Concat(requestOptions).Concat(new Option[] { json, quiet }))
            {
                command.Options.Add(option);
            }

            aws.AddTo(command);
            command.SetAction(parse =>
            {
                if (parse.GetValue(requests) is string file)
                {
                    if (requestOptions.Any(option => parse.GetResult(option) is { Implicit: false }))
                    {
                        throw new CliUsageException("--requests reads whole requests; the other request options cannot be combined with it.");
                    }

                    return RunBatch(console, file, parse.GetValue(quiet));
                }

                var request = new PermissionTestRequest
                {
                    Principal = parse.GetValue(principal),
                    Actions = parse.GetValue(actions) ?? Array.Empty<string>(),
                    Resources = parse.GetValue(resources) ?? Array.Empty<string>(),
                    ResourceAccount = parse.GetValue(resourceAccount),
                    Context = ParseContext(parse.GetValue(context) ?? Array.Empty<string>()),
                    IdentityPolicies = parse.GetValue(identityPolicies) is { Length: > 0 } files ? files.Select(f => ReadPolicy(f).Document).ToArray() : null,
                    PermissionsBoundary = parse.GetValue(boundary) is string b ? ReadPolicy(b).Document : null,
                    SessionPolicy = parse.GetValue(sessionPolicy) is string s ? ReadPolicy(s).Document : null,
                    ResourcePolicy = parse.GetValue(resourcePolicy) is string r ? ReadPolicy(r) : null,
                    ServiceControlPolicies = (parse.GetValue(scps) ?? Array.Empty<string>()).Select(f => (IReadOnlyList<Core.Policies.PolicyDocument>)new[] { ReadPolicy(f).Document }).ToArray(),
                    Scenario = parse.GetValue(scenario),
                    Offline = parse.GetValue(offline),
                    UseSimulator = parse.GetValue(useSimulator),
                };
                using var service = new PermissionTestService(() => aws.Resolve(parse));
                return Run(console, service, request, new PermissionResultOutput(console.Output, parse.GetValue(json)), parse.GetValue(quiet));
            });
            return command;
        }

        private static int Run(CliConsole console, PermissionTestService service, PermissionTestRequest request, PermissionResultOutput output, bool quiet)
        {
            int exitCode = CliApplication.ExitSuccess;
            bool allAllowed = true;
            try
            {
                foreach (PermissionTestAnswer answer in service.Run(request, CancellationToken.None))
                {
                    if (answer.Failure is not null)
                    {
                        console.Error.WriteLine("error: " + answer.FailedAction + ": " + answer.Failure.Message);
                        exitCode = CliApplication.ExitFailure;
                        continue;
                    }

                    allAllowed &= answer.Decision == PolicyDecision.Allowed;
                    if (!quiet)
                    {
                        output.Write(answer.Result);
                    }
                }
            }
            catch (PermissionTestException unusable)
            {
                throw new CliUsageException(unusable.Message);
            }

            return exitCode == CliApplication.ExitSuccess && quiet && !allAllowed ? ExitDenied : exitCode;
        }

        private static int RunBatch(CliConsole console, string path, bool quiet)
        {
            var processor = new EvaluationBatchProcessor(ScenarioEvaluator.CatalogOptions);

            // The real console flushes after every line; a batch writes through its own large buffer instead.
            bool realConsole = ReferenceEquals(console.Output, Console.Out);
            TextWriter output = quiet ? TextWriter.Null : realConsole ? new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) : console.Output;
            try
            {
                // Files and the real standard input are read as bytes (the batch decodes them, on every core).
                BatchSummary summary;
                if (path != "-" || ReferenceEquals(console.Input, Console.In))
                {
                    using Stream input = path != "-" ? OpenRequests(path) : Console.OpenStandardInput();
                    summary = processor.Run(input, output);
                }
                else
                {
                    summary = processor.Run(console.Input, output);
                }

                return summary.Errors > 0 ? CliApplication.ExitFailure : quiet && summary.Denied > 0 ? ExitDenied : CliApplication.ExitSuccess;
            }
            finally
            {
                output.Flush();
                if (realConsole && !quiet)
                {
                    output.Dispose();
                }
            }
        }

        private static Stream OpenRequests(string path)
        {
            try
            {
                return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
            }
            catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException || failure is ArgumentException || failure is NotSupportedException)
            {
                throw new CliUsageException("cannot read requests file '" + path + "': " + failure.Message);
            }
        }

        /// <summary>key=value pairs; a key given again adds a value (multi-valued keys such as aws:TagKeys).</summary>
        internal static IReadOnlyDictionary<string, IReadOnlyList<string>>? ParseContext(IReadOnlyList<string> pairs)
        {
            var values = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
            foreach (string pair in pairs)
            {
                int equals = pair.IndexOf('=');
                if (equals <= 0)
                {
                    throw new CliUsageException("--context '" + pair + "' is not key=value (for example aws:SourceIp=203.0.113.5).");
                }

                string key = pair.Substring(0, equals).Trim();
                if (!values.TryGetValue(key, out List<string>? list))
                {
                    values[key] = list = new List<string>();
                }

                list.Add(pair.Substring(equals + 1));
            }

            return values.Count == 0 ? null : values.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        }

        /// <summary>A policy file, parsed and named by its path, so matched statements and errors name the file.</summary>
        private static SuppliedPolicy ReadPolicy(string file)
        {
            try
            {
                return SuppliedPolicy.Parse(File.ReadAllText(file), file, file);
            }
            catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException || failure is ArgumentException || failure is NotSupportedException)
            {
                throw new CliUsageException("cannot read policy file '" + file + "': " + failure.Message);
            }
        }
    }
}
