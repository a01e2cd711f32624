using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Arns;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Evaluation;
using CloudTrailIamTools.Core.Live;
using CloudTrailIamTools.Core.Policies;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Cli.Commands
{
    /// <summary>
    /// test-permission: the CLI twin of Test-CloudTrailPermission. Three forms: a JSON Lines batch (--requests),
    /// one offline request built from options and policy files, or a live test of a principal's IAM policies.
    /// </summary>
    internal static class TestPermissionCommand
    {
        public static Command Create(CliConsole console)
        {
            var requests = new Option<string?>("--requests") { Description = "JSON Lines file of requests ('-' for standard input); one JSON result line per request, in order; a bad line gives an Error line." };
            var actions = new Option<string[]>("--action") { Description = "service:Action to test; repeatable." };
            var resources = new Option<string[]>("--resource") { Description = "Resource ARN (default *); repeatable: one result per action and resource." };
            var resourceAccount = new Option<string?>("--resource-account") { Description = "12-digit account that owns the resource, when its ARN has none (S3): decides same- versus cross-account evaluation." };
            var principal = new Option<string?>("--principal") { Description = "User, role or assumed-role ARN, account, service principal or Anonymous. Live: defaults to the caller." };
            var identityPolicies = new Option<string[]>("--identity-policy") { Description = "Identity-based policy file; repeatable. With it (or --permissions-boundary, or --offline) the test is offline; without, the principal's policies are read from IAM." };
            var resourcePolicy = new Option<string?>("--resource-policy") { Description = "The resource's policy file." };
            var boundary = new Option<string?>("--permissions-boundary") { Description = "Permissions boundary policy file (offline)." };
            var sessionPolicy = new Option<string?>("--session-policy") { Description = "Session policy file." };
            var scps = new Option<string[]>("--scp") { Description = "Service control policy file, one level each, organization root first; repeatable (live too: adds what IAM does not show)." };
            var context = new Option<string[]>("--context") { Description = "Request context key=value; repeatable; a repeated key makes a multi-valued key." };
            var scenario = new Option<string?>("--scenario") { Description = "A CloudTrail task to check in full: " + string.Join(", ", Core.Catalog.IamCatalog.Default.Scenarios.Select(s => s.Name)) + "." };
            var offline = new Option<bool>("--offline") { Description = "Never call AWS: evaluate only the policy files given." };
            var useSimulator = new Option<bool>("--use-simulator") { Description = "Live: also ask IAM's SimulatePrincipalPolicy and report whether it agrees." };
            var json = new Option<bool>("--json") { Description = "Write one JSON object per result (JSON Lines) with the cmdlet's property names." };
            var aws = new AwsOptions();

            var command = new Command("test-permission", "Decide whether a principal may perform actions, with the deciding statements, offline or against an account.");
            foreach (Option option in new Option[] { requests, actions, resources, resourceAccount, principal, identityPolicies, resourcePolicy, boundary, sessionPolicy, scps, context, scenario, offline, useSimulator, json })
            {
                command.Options.Add(option);
            }

            aws.AddTo(command);
            command.SetAction(parse =>
            {
                var input = new Input
                {
                    Requests = parse.GetValue(requests),
                    Actions = parse.GetValue(actions) ?? Array.Empty<string>(),
                    Resources = parse.GetValue(resources) ?? Array.Empty<string>(),
                    ResourceAccount = parse.GetValue(resourceAccount),
                    Principal = parse.GetValue(principal),
                    IdentityPolicies = parse.GetValue(identityPolicies) ?? Array.Empty<string>(),
                    ResourcePolicy = parse.GetValue(resourcePolicy),
                    PermissionsBoundary = parse.GetValue(boundary),
                    SessionPolicy = parse.GetValue(sessionPolicy),
                    Scps = parse.GetValue(scps) ?? Array.Empty<string>(),
                    Context = parse.GetValue(context) ?? Array.Empty<string>(),
                    Scenario = parse.GetValue(scenario),
                    Offline = parse.GetValue(offline),
                    UseSimulator = parse.GetValue(useSimulator),
                    Json = parse.GetValue(json),
                };
                return Run(console, input, () => aws.Resolve(parse), CancellationToken.None);
            });
            return command;
        }

        private static int Run(CliConsole console, Input input, Func<ResolvedAwsConnection> connect, CancellationToken cancellationToken)
        {
            if (input.Requests is not null)
            {
                return RunBatch(console, input);
            }

            IReadOnlyDictionary<string, IReadOnlyList<string>>? context = ParseContext(input.Context);
            if (input.Actions.Length == 0 && input.Scenario is null)
            {
                throw new CliUsageException("Give --action (repeatable), --scenario, or --requests FILE.");
            }

            if (input.Scenario is not null)
            {
                ScenarioEvaluator.Find(input.Scenario); // Unknown names fail before any file or AWS call.
                if (input.UseSimulator)
                {
                    throw new CliUsageException("--use-simulator tests single actions; it cannot be combined with --scenario.");
                }
            }

            var output = new ResultOutput(console.Output, input.Json);
            if (IsOffline(input))
            {
                if (input.UseSimulator)
                {
                    throw new CliUsageException("--use-simulator asks IAM about the principal's live policies; drop it, or drop the policy files and --offline.");
                }

                RunOffline(input, context, output);
            }
            else
            {
                RunLive(input, context, connect(), output, cancellationToken);
            }

            return CliApplication.ExitSuccess;
        }

        /// <summary>Offline when told, when the caller supplies the identity side, or when the principal has no IAM policies to read.</summary>
        private static bool IsOffline(Input input) =>
            input.Offline || input.IdentityPolicies.Length > 0 || input.PermissionsBoundary is not null ||
            (input.Principal is not null && PrincipalIdentity.TryParse(input.Principal, out PrincipalIdentity? identity) &&
             identity.Type is not (PrincipalType.User or PrincipalType.Role or PrincipalType.AssumedRole));

        private static int RunBatch(CliConsole console, Input input)
        {
            if (input.Actions.Length > 0 || input.Principal is not null || input.Scenario is not null || input.IdentityPolicies.Length > 0 ||
                input.ResourcePolicy is not null || input.PermissionsBoundary is not null || input.SessionPolicy is not null || input.Scps.Length > 0 ||
                input.Context.Length > 0 || input.Resources.Length > 0 || input.UseSimulator)
            {
                throw new CliUsageException("--requests reads whole requests; the other request options cannot be combined with it.");
            }

            var processor = new EvaluationBatchProcessor(ScenarioEvaluator.CatalogOptions);

            // The real console flushes after every line; a batch writes through its own large buffer instead.
            bool realConsole = ReferenceEquals(console.Output, Console.Out);
            TextWriter output = realConsole ? new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false), 1 << 16) : console.Output;
            try
            {
                if (input.Requests == "-")
                {
                    if (!ReferenceEquals(console.Input, Console.In))
                    {
                        processor.Run(console.Input, output);
                        return CliApplication.ExitSuccess;
                    }

                    using (var standardInput = new StreamReader(Console.OpenStandardInput(), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16))
                    {
                        processor.Run(standardInput, output);
                    }

                    return CliApplication.ExitSuccess;
                }

                return RunBatchFile(input.Requests!, processor, output);
            }
            finally
            {
                output.Flush();
                if (realConsole)
                {
                    output.Dispose();
                }
            }
        }

        private static int RunBatchFile(string path, EvaluationBatchProcessor processor, TextWriter output)
        {

            TextReader reader;
            try
            {
                reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            }
            catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException || failure is ArgumentException || failure is NotSupportedException)
            {
                throw new CliUsageException("cannot read requests file '" + path + "': " + failure.Message);
            }

            using (reader)
            {
                processor.Run(reader, output);
            }

            return CliApplication.ExitSuccess;
        }

        private static void RunOffline(Input input, IReadOnlyDictionary<string, IReadOnlyList<string>>? context, ResultOutput output)
        {
            if (input.Principal is null)
            {
                throw new CliUsageException("Offline tests need --principal (a user, role or session ARN, an account, a service principal or Anonymous).");
            }

            var request = new EvaluationRequest(input.Actions.FirstOrDefault() ?? "sts:GetCallerIdentity", input.Principal)
            {
                ResourceAccount = input.ResourceAccount,
                Context = context,
                IdentityPolicies = input.IdentityPolicies.Select(file => ReadPolicy(file)).ToArray(),
                PermissionsBoundary = input.PermissionsBoundary is null ? null : ReadPolicy(input.PermissionsBoundary),
                SessionPolicy = input.SessionPolicy is null ? null : ReadPolicy(input.SessionPolicy),
                ResourcePolicy = input.ResourcePolicy is null ? null : ReadPolicy(input.ResourcePolicy),
                ServiceControlPolicies = ReadScps(input.Scps),
            };

            if (input.Scenario is not null)
            {
                output.Write(ScenarioEvaluator.Run(input.Scenario, request));
                return;
            }

            foreach (string action in input.Actions)
            {
                foreach (string resource in ResourcesOf(input))
                {
                    output.Write(PolicyEvaluator.Evaluate(request.WithAction(action, resource), ScenarioEvaluator.CatalogOptions));
                }
            }
        }

        private static void RunLive(Input input, IReadOnlyDictionary<string, IReadOnlyList<string>>? context, ResolvedAwsConnection connection, ResultOutput output, CancellationToken cancellationToken)
        {
            var extras = new LiveRequestExtras
            {
                SessionPolicyJson = input.SessionPolicy is null ? null : ReadPolicyText(input.SessionPolicy),
                ResourcePolicyJson = input.ResourcePolicy is null ? null : ReadPolicyText(input.ResourcePolicy),
                ServiceControlPolicies = ReadScps(input.Scps),
                Context = context,
                Region = connection.Region,
                ResourceAccount = input.ResourceAccount,
            };

            using IamClient iam = connection.CreateIamClient();
            using StsClient sts = connection.CreateStsClient();
            var tester = new LivePermissionTester(iam, sts);
            PrincipalPolicies policies = tester.CollectAsync(input.Principal, cancellationToken).GetAwaiter().GetResult();
            if (input.Scenario is not null)
            {
                output.Write(tester.TestScenario(policies, input.Scenario, extras, connection.Region));
                return;
            }

            foreach (string action in input.Actions)
            {
                foreach (string resource in ResourcesOf(input))
                {
                    output.Write(tester.TestAsync(policies, action, resource, extras, input.UseSimulator, cancellationToken).GetAwaiter().GetResult());
                }
            }
        }

        private static IEnumerable<string> ResourcesOf(Input input) => input.Resources.Length == 0 ? new[] { "*" } : input.Resources;

        /// <summary>key=value pairs; a key given again adds a value (multi-valued keys such as aws:TagKeys).</summary>
        internal static IReadOnlyDictionary<string, IReadOnlyList<string>>? ParseContext(IReadOnlyList<string> pairs)
        {
            if (pairs.Count == 0)
            {
                return null;
            }

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

            return values.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value.ToArray(), StringComparer.OrdinalIgnoreCase);
        }

        private static IReadOnlyList<IReadOnlyList<PolicyDocument>> ReadScps(string[] files) =>
            files.Select(file => (IReadOnlyList<PolicyDocument>)new[] { ReadPolicy(file) }).ToArray();

        /// <summary>A policy file, parsed and named by its path, so matched statements and errors name the file.</summary>
        private static PolicyDocument ReadPolicy(string file) => PolicyDocument.Parse(ReadPolicyText(file), file);

        /// <summary>The file's text after checking it parses (errors name the file and the JSON path).</summary>
        private static string ReadPolicyText(string file)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception failure) when (failure is IOException || failure is UnauthorizedAccessException || failure is ArgumentException || failure is NotSupportedException)
            {
                throw new CliUsageException("cannot read policy file '" + file + "': " + failure.Message);
            }

            PolicyDocument.Parse(text, file);
            return text;
        }

        private sealed class Input
        {
            public string? Requests { get; init; }

            public string[] Actions { get; init; } = Array.Empty<string>();

            public string[] Resources { get; init; } = Array.Empty<string>();

            public string? ResourceAccount { get; init; }

            public string? Principal { get; init; }

            public string[] IdentityPolicies { get; init; } = Array.Empty<string>();

            public string? ResourcePolicy { get; init; }

            public string? PermissionsBoundary { get; init; }

            public string? SessionPolicy { get; init; }

            public string[] Scps { get; init; } = Array.Empty<string>();

            public string[] Context { get; init; } = Array.Empty<string>();

            public string? Scenario { get; init; }

            public bool Offline { get; init; }

            public bool UseSimulator { get; init; }

            public bool Json { get; init; }
        }

        /// <summary>Results as JSON Lines (--json) or as a readable report.</summary>
        internal sealed class ResultOutput
        {
            private readonly TextWriter writer;
            private readonly bool json;
            private int written;

            public ResultOutput(TextWriter writer, bool json)
            {
                this.writer = writer;
                this.json = json;
            }

            public void Write(EvaluationResult result)
            {
                if (Begin())
                {
                    writer.WriteLine(EvaluationResultWriter.ToJson(result));
                    return;
                }

                Report(result.Decision, result.Action, result.Resource, result.Principal, result.AllowedBy, result.DeniedBy, result.MatchedStatements,
                    result.MissingContextKeys, result.Warnings, result.Explanation);
            }

            public void Write(LivePermissionResult result)
            {
                if (Begin())
                {
                    writer.WriteLine(JsonSerializer.Serialize(result, CoreJson.Output));
                    return;
                }

                Report(result.Decision, result.Action, result.Resource, result.Principal, result.AllowedBy, result.DeniedBy, result.MatchedStatements,
                    result.MissingContextKeys, result.Warnings, result.Explanation);
                if (result.SimulatorDecision is PolicyDecision simulated)
                {
                    Line("Simulator", simulated + (result.SimulatorAgrees == false ? " (DISAGREES)" : " (agrees)"));
                    if (result.SimulatorNote is not null)
                    {
                        Line("Simulator note", result.SimulatorNote);
                    }
                }
            }

            public void Write(ScenarioResult result)
            {
                if (Begin())
                {
                    writer.WriteLine(JsonSerializer.Serialize(result, CoreJson.Output));
                    return;
                }

                Line("Scenario", result.Scenario);
                Line("Decision", result.Decision.ToString());
                Line("Principal", result.Principal);
                foreach (EvaluationResult step in result.Results)
                {
                    writer.WriteLine("  " + step.Decision.ToString().PadRight(13) + step.Action + " on " + step.Resource);
                }

                Line("Explanation", result.Explanation);
                if (result.MissingPermissionsPolicy is not null)
                {
                    writer.WriteLine("Missing permissions as a policy:");
                    writer.WriteLine(result.MissingPermissionsPolicy);
                }
            }

            private bool Begin()
            {
                if (!json && written > 0)
                {
                    writer.WriteLine();
                }

                written++;
                return json;
            }

            private void Report(
                PolicyDecision decision, string action, string resource, string principal, IReadOnlyList<PolicyType> allowedBy, IReadOnlyList<PolicyType> deniedBy,
                IReadOnlyList<MatchedStatement> matched, IReadOnlyList<string> missing, IReadOnlyList<string> warnings, string explanation)
            {
                Line("Decision", decision.ToString());
                Line("Action", action);
                Line("Resource", resource);
                Line("Principal", principal);
                if (allowedBy.Count > 0)
                {
                    Line("AllowedBy", string.Join(", ", allowedBy));
                }

                if (deniedBy.Count > 0)
                {
                    Line("DeniedBy", string.Join(", ", deniedBy));
                }

                foreach (MatchedStatement statement in matched)
                {
                    Line("Statement", statement.Effect + " " + statement.PolicyType + " " + statement.Policy + " #" + statement.StatementIndex +
                        (statement.Sid is null ? string.Empty : " (" + statement.Sid + ")"));
                }

                if (missing.Count > 0)
                {
                    Line("MissingKeys", string.Join(", ", missing));
                }

                foreach (string warning in warnings)
                {
                    Line("Warning", warning);
                }

                Line("Explanation", explanation);
            }

            private void Line(string label, string value) => writer.WriteLine((label + ":").PadRight(13) + value);
        }
    }
}
