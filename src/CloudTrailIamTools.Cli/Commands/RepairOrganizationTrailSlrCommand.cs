using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using CloudTrailIamTools.Core;
using CloudTrailIamTools.Core.OrganizationTrails;
using CloudTrailIamTools.Core.Serialization;

namespace CloudTrailIamTools.Cli.Commands
{
    /// <summary>repair-organization-trail-slr: the CLI twin of Repair-OrganizationTrailSlr. Exit 1 when any check ends Failed.</summary>
    internal static class RepairOrganizationTrailSlrCommand
    {
        public static Command Create(CliConsole console)
        {
            var whatIf = new Option<bool>("--what-if") { Description = "Run every check and report what would be fixed (WouldFix) without changing anything." };
            var delegatedAdmin = new Option<string?>("--delegated-admin")
            {
                Description = "A member account (12 digits) to make a CloudTrail delegated administrator, registered through CloudTrail's API.",
                HelpName = "ACCOUNT",
            };
            var json = new Option<bool>("--json") { Description = "Write one JSON object per check (JSON Lines) with the cmdlet's property names." };
            var aws = new AwsOptions();

            var command = new Command(
                "repair-organization-trail-slr",
                "Check and fix the prerequisites of organization trails: organization, all features, management account, permissions, trusted access, CloudTrail's service-linked role and delegated administrators.");
            command.Options.Add(whatIf);
            command.Options.Add(delegatedAdmin);
            command.Options.Add(json);
            aws.AddTo(command);
            command.SetAction(parse =>
            {
                string? account = parse.GetValue(delegatedAdmin);
                if (account is not null)
                {
                    try
                    {
                        account = OrganizationTrailRepairRunner.ValidateAccountId(account, "--delegated-admin");
                    }
                    catch (InvalidInputException invalid)
                    {
                        throw new CliUsageException(invalid.Message);
                    }
                }

                using var api = AwsOrganizationTrailApi.Create(aws.Resolve(parse));
                return Run(console, api, account, parse.GetValue(whatIf), parse.GetValue(json));
            });
            return command;
        }

        internal static int Run(CliConsole console, IOrganizationTrailApi api, string? delegatedAccount, bool whatIf, bool json)
        {
            var runner = new OrganizationTrailRepairRunner(api, whatIf ? FixedDecisionApprover.WhatIfAll : FixedDecisionApprover.ApplyAll);
            var options = new OrganizationTrailRepairOptions { DelegatedAdministratorAccountId = delegatedAccount };
            var results = new List<OrganizationTrailCheckResult>();
            runner.RunAsync(options, result =>
            {
                results.Add(result);
                if (json)
                {
                    console.Output.WriteLine(JsonSerializer.Serialize(result, CoreJson.Output));
                }
            }).GetAwaiter().GetResult();

            if (!json)
            {
                WriteTable(console.Output, results);
            }

            return results.Any(r => r.Status == CheckStatus.Failed) ? CliApplication.ExitFailure : CliApplication.ExitSuccess;
        }

        private static void WriteTable(TextWriter output, IReadOnlyList<OrganizationTrailCheckResult> results)
        {
            int checkWidth = Math.Max("CHECK".Length, results.Max(r => r.Check.ToString().Length));
            int statusWidth = Math.Max("STATUS".Length, results.Max(r => r.Status.ToString().Length));
            output.WriteLine("CHECK".PadRight(checkWidth) + "  " + "STATUS".PadRight(statusWidth) + "  DETAIL");
            foreach (OrganizationTrailCheckResult result in results)
            {
                output.WriteLine(result.Check.ToString().PadRight(checkWidth) + "  " + result.Status.ToString().PadRight(statusWidth) + "  " + result.Detail);
                string indent = new string(' ', checkWidth + statusWidth + 4);
                if (result.ErrorCode is not null)
                {
                    output.WriteLine(indent + "Error: " + result.ErrorCode + (result.Operation is null ? string.Empty : " on " + result.Operation));
                }

                // Skipped rows all point back at the failure above; its own Fix line says what to do.
                if (result.Remediation is not null && (result.Status == CheckStatus.Failed || result.Status == CheckStatus.WouldFix))
                {
                    output.WriteLine(indent + "Fix: " + result.Remediation);
                }

                if (result.SuggestedPolicy is not null)
                {
                    output.WriteLine(indent + "Policy: " + result.SuggestedPolicy);
                }
            }

            int failed = results.Count(r => r.Status == CheckStatus.Failed);
            int fixedCount = results.Count(r => r.Status == CheckStatus.Fixed);
            int wouldFix = results.Count(r => r.Status == CheckStatus.WouldFix);
            output.WriteLine();
            output.WriteLine($"{failed} failed, {fixedCount} fixed, {wouldFix} would be fixed.");
        }
    }
}
