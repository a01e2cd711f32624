using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.Aws;
using CloudTrailIamTools.Core.Diagnostics;
using CloudTrailIamTools.Core.Grants;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Cli.Commands
{
    /// <summary>grant-permission: the CLI twin of Grant-CloudTrailPermission.</summary>
    internal static class GrantPermissionCommand
    {
        public static Command Create(CliConsole console)
        {
            var userName = new Option<string?>("--user-name") { Description = "Grant to this IAM user." };
            var roleName = new Option<string?>("--role-name") { Description = "Grant to this IAM role." };
            var groupName = new Option<string?>("--group-name") { Description = "Grant to this IAM group." };
            var errors = new Option<string[]>("--error")
            {
                Description = "Access-denied text: grant exactly the denied action on the denied resource to the denied user or role (an assumed role's role); repeatable.",
            };
            var diagnoses = new Option<string?>("--diagnoses")
            {
                Description = "Diagnoses as JSON lines (resolve-access-error --json), from a file or - for standard input: grant what each one found missing, as the cmdlet does with piped diagnoses.",
            };
            var accessLevel = new Option<GrantAccessLevel?>("--access-level") { Description = "Attach AWSCloudTrail_ReadOnlyAccess (ReadOnly) or AWSCloudTrail_FullAccess (FullAccess)." };
            var actions = new Option<string[]>("--action") { Description = "An exact action to allow in the inline policy CloudTrailIamTools-Grant; repeatable." };
            var resources = new Option<string[]>("--resource") { Description = "A resource ARN (or *) the actions are allowed on; repeatable." };
            // Described without reading the catalog, so building the command tree never loads it.
            var scenario = new Option<string?>("--scenario") { Description = "Grant everything a CloudTrail task needs (ViewTrails, LookupEvents, CreateTrail, ConfigureCloudWatchLogs, ...)." };
            var whatIf = new Option<bool>("--what-if") { Description = "Show the exact change and document; change nothing." };
            var json = new Option<bool>("--json") { Description = "Write one JSON object per result (JSON Lines) with the cmdlet's property names." };
            var aws = new AwsOptions();

            var command = new Command("grant-permission", "Grant CloudTrail permissions to an IAM user, role or group (least privilege, merged, never replaced).");
            foreach (Option option in new Option[] { userName, roleName, groupName, errors, diagnoses, accessLevel, actions, resources, scenario, whatIf, json })
            {
                command.Options.Add(option);
            }

            aws.AddTo(command);
            command.SetAction(parse =>
            {
                IReadOnlyList<PlannedGrant> planned = Requests(
                    parse.GetValue(userName), parse.GetValue(roleName), parse.GetValue(groupName), parse.GetValue(errors) ?? Array.Empty<string>(),
                    parse.GetValue(diagnoses), console, parse.GetValue(accessLevel), parse.GetValue(actions), parse.GetValue(resources), parse.GetValue(scenario));
                int exitCode = CliApplication.ExitSuccess;
                IamClient? iam = null;
                PermissionGranter? granter = null;
                try
                {
                    // One refused diagnosis is reported and the others are still granted; the exit code says something failed.
                    foreach (PlannedGrant grant in planned)
                    {
                        if (grant.Refusal is not null)
                        {
                            console.Error.WriteLine("error: " + grant.Refusal.Message);
                            exitCode = CliApplication.ExitFailure;
                            continue;
                        }

                        try
                        {
                            if (granter is null)
                            {
                                ResolvedAwsConnection connection = aws.Resolve(parse);
                                iam = connection.CreateIamClient();
                                granter = new PermissionGranter(iam, connection.Region);
                            }

                            Write(console.Output, granter.GrantAsync(grant.Request!, parse.GetValue(whatIf)).GetAwaiter().GetResult(), parse.GetValue(json));
                        }
                        catch (CloudTrailIamToolsException failure)
                        {
                            console.Error.WriteLine("error: " + failure.Message);
                            exitCode = CliApplication.ExitFailure;
                        }
                    }
                }
                finally
                {
                    iam?.Dispose();
                }

                return exitCode;
            });
            return command;
        }

        /// <summary>
        /// Validates the options before any AWS call; bad combinations are usage errors. A diagnosis (--error) a grant
        /// cannot fix becomes a refusal of its own, so the other diagnoses are still granted.
        /// </summary>
        private static IReadOnlyList<PlannedGrant> Requests(
            string? user, string? role, string? group, string[] errorTexts, string? diagnosesPath, CliConsole console,
            GrantAccessLevel? accessLevel, string[]? actions, string[]? resources, string? scenario)
        {
            int targets = new[] { user, role, group, diagnosesPath }.Count(t => t is not null) + (errorTexts.Length > 0 ? 1 : 0);
            if (targets != 1)
            {
                throw new CliUsageException("Name exactly one target: --user-name, --role-name, --group-name, --error with access-denied text, or --diagnoses with resolve-access-error --json lines.");
            }

            bool hasActions = actions is { Length: > 0 };
            int kinds = (accessLevel is null ? 0 : 1) + (hasActions ? 1 : 0) + (scenario is null ? 0 : 1);
            if (diagnosesPath is not null)
            {
                if (kinds > 0 || resources is { Length: > 0 })
                {
                    throw new CliUsageException("--diagnoses grants exactly what each diagnosis found missing; leave out --access-level, --action, --resource and --scenario.");
                }

                return FromDiagnosisLines(diagnosesPath, console);
            }

            if (errorTexts.Length > 0)
            {
                if (kinds > 0 || resources is { Length: > 0 })
                {
                    throw new CliUsageException("--error grants exactly what the error names; leave out --access-level, --action, --resource and --scenario.");
                }

                var fromErrors = new List<PlannedGrant>();
                foreach (AccessErrorDiagnosis diagnosis in errorTexts.SelectMany(text => AccessErrorResolver.Default.Resolve(text)))
                {
                    try
                    {
                        fromErrors.Add(new PlannedGrant(PermissionGrantRequest.FromDiagnosis(diagnosis), null));
                    }
                    catch (CloudTrailIamToolsException refused)
                    {
                        fromErrors.Add(new PlannedGrant(null, refused));
                    }
                }

                return fromErrors;
            }

            if (kinds != 1)
            {
                throw new CliUsageException("Say what to grant with exactly one of --access-level, --action (with --resource) or --scenario.");
            }

            if (resources is { Length: > 0 } && !hasActions)
            {
                throw new CliUsageException("--resource limits the actions named with --action; give --action too.");
            }

            GrantTarget target;
            try
            {
                target = user is not null ? new GrantTarget(GrantPrincipalType.User, user)
                    : role is not null ? new GrantTarget(GrantPrincipalType.Role, role)
                    : new GrantTarget(GrantPrincipalType.Group, group!);
                return new[]
                {
                    new PlannedGrant(
                        accessLevel is GrantAccessLevel level ? PermissionGrantRequest.ForAccessLevel(target, level)
                        : scenario is not null ? PermissionGrantRequest.ForScenario(target, scenario)
                        : PermissionGrantRequest.ForActions(target, actions!, resources),
                        null),
                };
            }
            catch (InvalidInputException invalid)
            {
                throw new CliUsageException(invalid.Message);
            }
        }

        /// <summary>
        /// One request per diagnosis line. A line is evidence, not an order: only its facts are read and the diagnosis is
        /// worked out again; a bad line is reported on its own and the others are still granted.
        /// </summary>
        private static IReadOnlyList<PlannedGrant> FromDiagnosisLines(string path, CliConsole console)
        {
            TextReader reader;
            string where;
            if (path == "-")
            {
                reader = console.Input;
                where = "standard input";
            }
            else
            {
                try
                {
                    reader = File.OpenText(path);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
                {
                    throw new CliUsageException("Cannot read --diagnoses file '" + path + "': " + ex.Message);
                }

                where = path;
            }

            var planned = new List<PlannedGrant>();
            try
            {
                int number = 0;
                for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
                {
                    number++;
                    if (line.Trim().Length == 0)
                    {
                        continue;
                    }

                    try
                    {
                        AccessErrorDiagnosis diagnosis = DiagnosisJsonReader.Read(line, where + " line " + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        planned.Add(new PlannedGrant(PermissionGrantRequest.FromDiagnosis(diagnosis), null));
                    }
                    catch (CloudTrailIamToolsException refused)
                    {
                        planned.Add(new PlannedGrant(null, refused));
                    }
                }
            }
            finally
            {
                if (!ReferenceEquals(reader, console.Input))
                {
                    reader.Dispose();
                }
            }

            if (planned.Count == 0)
            {
                console.Error.WriteLine("warning: " + where + " held no diagnoses; nothing was granted.");
            }

            return planned;
        }

        /// <summary>A request to grant, or why the diagnosis it came from was refused.</summary>
        private sealed class PlannedGrant
        {
            public PlannedGrant(PermissionGrantRequest? request, CloudTrailIamToolsException? refusal)
            {
                Request = request;
                Refusal = refusal;
            }

            public PermissionGrantRequest? Request { get; }

            public CloudTrailIamToolsException? Refusal { get; }
        }

        private static void Write(TextWriter output, PermissionGrantResult result, bool json)
        {
            if (json)
            {
                output.WriteLine(JsonSerializer.Serialize(result, CoreJson.Output));
                return;
            }

            output.WriteLine(result.Change + "  " + result.PrincipalType.ToString().ToLowerInvariant() + "/" + result.PrincipalName + "  " +
                             (result.PolicyArn ?? result.PolicyName + " (inline)"));
            output.WriteLine("  " + result.Description);
            if (result.ServiceRoleArn is not null)
            {
                output.WriteLine("  Service role: " + result.ServiceRoleArn);
            }

            if (result.Change != GrantChange.Unchanged || result.PolicyType == GrantPolicyType.Inline)
            {
                output.WriteLine("  Document: " + result.Document);
            }
        }
    }
}
