using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text;
using CloudTrailIamTools.Cli;
using CloudTrailIamTools.Cli.Commands;

namespace CloudTrailIamTools.Module.Tests
{
    /// <summary>
    /// Every cmdlet parameter has a CLI option and every CLI option a cmdlet parameter, matched by name in kebab case
    /// (ResourceAccount is --resource-account) or by one of the parameter's aliases (-Scp is --scp). The deliberate
    /// differences are listed here, each with its reason; anything else is drift between the two front ends.
    /// </summary>
    public sealed class CliParityTests
    {
        private static readonly CliConsole Console = new CliConsole(TextReader.Null, TextWriter.Null, TextWriter.Null, inputRedirected: false);

        /// <summary>Each cmdlet and its CLI command.</summary>
        private static readonly Dictionary<string, Func<Command>> Commands = new Dictionary<string, Func<Command>>
        {
            ["Resolve-CloudTrailAccessError"] = () => ResolveAccessErrorCommand.Create(Console),
            ["Test-CloudTrailPermission"] = () => TestPermissionCommand.Create(Console),
            ["Grant-CloudTrailPermission"] = () => GrantPermissionCommand.Create(Console),
            ["Grant-CloudTrailCrossAccountRole"] = () => GrantCrossAccountRoleCommand.Create(Console),
            ["Repair-OrganizationTrailSlr"] = () => RepairOrganizationTrailSlrCommand.Create(Console),
            ["Get-CloudTrailAccessDenied"] = () => GetAccessDeniedCommand.Create(Console),
        };

        /// <summary>Parameters named differently on purpose: cmdlet name, then CLI option.</summary>
        private static readonly Dictionary<string, string> Renamed = new Dictionary<string, string>
        {
            // The AWS CLI's names for the AWS.Tools common parameters.
            ["*:ProfileName"] = "--profile",
            ["Test-CloudTrailPermission:PrincipalArn"] = "--principal",
            ["Test-CloudTrailPermission:InputObject"] = "--requests", // request objects from the pipeline; the CLI reads them as JSON Lines
            ["Grant-CloudTrailPermission:Diagnosis"] = "--diagnoses", // diagnosis objects from the pipeline; the CLI reads resolve-access-error --json lines
            ["Repair-OrganizationTrailSlr:DelegatedAdministratorAccountId"] = "--delegated-admin",
            ["Get-CloudTrailAccessDenied:StartTime"] = "--since", // the CLI also takes relative times (7d)
            ["Get-CloudTrailAccessDenied:EndTime"] = "--until",
            ["Get-CloudTrailAccessDenied:AsAthenaQuery"] = "--athena-query",
            ["Get-CloudTrailAccessDenied:TableName"] = "--table",
        };

        /// <summary>Cmdlet parameters with no CLI option, and why.</summary>
        private static readonly Dictionary<string, string> CmdletOnly = new Dictionary<string, string>
        {
            ["*:ProfileLocation"] = "the CLI reads AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE, as the AWS CLI does",
            ["*:AccessKey"] = "keys on a command line end up in shell history; the CLI takes AWS_ACCESS_KEY_ID from the environment",
            ["*:SecretKey"] = "as AccessKey: AWS_SECRET_ACCESS_KEY",
            ["*:SessionToken"] = "as AccessKey: AWS_SESSION_TOKEN",
            ["*:Credential"] = "an AWSCredentials object exists only in PowerShell",
            ["*:LiteralPath"] = "PowerShell expands wildcards in -Path; the CLI's --path never does (the shell does), so it needs no literal twin",
            ["Resolve-CloudTrailAccessError:Message"] = "the CLI takes messages as arguments or on standard input, not as an option",
            ["Resolve-CloudTrailAccessError:ErrorRecord"] = "an ErrorRecord exists only in PowerShell",
            ["Resolve-CloudTrailAccessError:Exception"] = "an exception object exists only in PowerShell",
            ["Resolve-CloudTrailAccessError:InputObject"] = "pipeline objects (events from ConvertFrom-Json); the CLI reads JSON on standard input",
            ["Repair-OrganizationTrailSlr:Diagnosis"] = "a diagnosis from the pipeline only says a repair is wanted; running the CLI command says the same",
            ["Grant-CloudTrailPermission:Force"] = "skips PowerShell's confirmation prompt; the CLI never prompts",
            ["Repair-OrganizationTrailSlr:Force"] = "skips PowerShell's confirmation prompt; the CLI never prompts",
        };

        /// <summary>CLI options with no cmdlet parameter, and why.</summary>
        private static readonly Dictionary<string, string> CliOnly = new Dictionary<string, string>
        {
            ["*:--json"] = "PowerShell writes objects; ConvertTo-Json is the shell's own",
            ["*:--what-if"] = "-WhatIf is PowerShell's common parameter (SupportsShouldProcess), not a property of the cmdlet",
            ["Test-CloudTrailPermission:--offline"] = "the cmdlet says offline with -PolicyDocument (an empty @() when there is no policy to give)",
            ["Grant-CloudTrailPermission:--error"] = "the CLI diagnoses access-denied text itself; in PowerShell, Resolve-CloudTrailAccessError pipes into -Diagnosis",
            ["Get-CloudTrailAccessDenied:--lookup-events"] = "the cmdlet reads the event history in its own parameter set, whenever no -Path is given",
        };

        public static IEnumerable<object[]> Cmdlets() => Commands.Keys.Select(name => new object[] { name });

        [Fact]
        public void EveryCmdletHasACliCommand()
        {
            Assert.Equal(ModuleMetadata.CmdletTypes.Select(ModuleMetadata.CmdletName).OrderBy(n => n), Commands.Keys.OrderBy(n => n));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void EveryCmdletParameterHasACliOption(string cmdlet)
        {
            ISet<string> options = CliOptions(cmdlet);
            var missing = CmdletParameters(cmdlet)
                .Where(p => !Listed(CmdletOnly, cmdlet, p.Name))
                .Where(p => !CliNamesFor(cmdlet, p).Any(options.Contains))
                .Select(p => "-" + p.Name)
                .ToArray();

            Assert.True(missing.Length == 0, cmdlet + " parameters without a CLI option (add one, or list the reason in CliParityTests): " + string.Join(", ", missing));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void EveryCliOptionHasACmdletParameter(string cmdlet)
        {
            var matched = new HashSet<string>(CmdletParameters(cmdlet).SelectMany(p => CliNamesFor(cmdlet, p)), StringComparer.Ordinal);
            var missing = CliOptions(cmdlet)
                .Where(option => !matched.Contains(option) && !Listed(CliOnly, cmdlet, option))
                .ToArray();

            Assert.True(missing.Length == 0, cmdlet + "'s CLI options without a cmdlet parameter (add one, or list the reason in CliParityTests): " + string.Join(", ", missing));
        }

        [Fact]
        public void EveryListedExceptionIsStillNeeded()
        {
            // A stale exception would hide the next drift: each listed name must exist on its side and lack a twin.
            foreach (string cmdlet in Commands.Keys)
            {
                var parameters = CmdletParameters(cmdlet).ToArray();
                ISet<string> options = CliOptions(cmdlet);
                foreach (string key in CmdletOnly.Keys.Where(k => Applies(k, cmdlet)))
                {
                    string name = key.Substring(key.IndexOf(':') + 1);
                    ParameterName? parameter = parameters.FirstOrDefault(p => p.Name == name);
                    if (parameter is not null)
                    {
                        Assert.DoesNotContain(CliNamesFor(cmdlet, parameter), options.Contains);
                    }
                }
            }

            Assert.All(Renamed.Keys.Concat(CmdletOnly.Keys).Concat(CliOnly.Keys), key =>
                Assert.True(key.StartsWith("*:", StringComparison.Ordinal) || Commands.ContainsKey(key.Substring(0, key.IndexOf(':'))), key));
        }

        private static bool Applies(string key, string cmdlet) => key.StartsWith("*:", StringComparison.Ordinal) || key.StartsWith(cmdlet + ":", StringComparison.Ordinal);

        private static bool Listed(Dictionary<string, string> list, string cmdlet, string name) =>
            list.ContainsKey("*:" + name) || list.ContainsKey(cmdlet + ":" + name);

        /// <summary>The options a parameter may appear as: its kebab-case name and aliases, or its listed rename.</summary>
        private static IEnumerable<string> CliNamesFor(string cmdlet, ParameterName parameter)
        {
            if (Renamed.TryGetValue(cmdlet + ":" + parameter.Name, out string? renamed) || Renamed.TryGetValue("*:" + parameter.Name, out renamed))
            {
                yield return renamed;
            }

            foreach (string name in new[] { parameter.Name }.Concat(parameter.Aliases))
            {
                yield return Kebab(name);
            }
        }

        private static string Kebab(string name)
        {
            var text = new StringBuilder("--");
            for (int i = 0; i < name.Length; i++)
            {
                if (i > 0 && char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsLower(name[i + 1]))))
                {
                    text.Append('-');
                }

                text.Append(char.ToLowerInvariant(name[i]));
            }

            return text.ToString();
        }

        [Fact]
        public void EveryOptionNameTheCoreWritesIsAParameterInTheModuleAndAnOptionInTheCli()
        {
            // The core names our parameters in messages by OptionName; each front end spells it (-Force, --force).
            // A name that matches no parameter would send the user to one that does not exist.
            var names = typeof(Core.OptionNames).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (Core.OptionName)f.GetValue(null)!).ToList();
            var parameters = new HashSet<string>(Commands.Keys.SelectMany(CmdletParameters).Select(p => p.Name), StringComparer.Ordinal);
            var options = new HashSet<string>(Commands.Keys.SelectMany(CliOptions), StringComparer.Ordinal);

            Assert.NotEmpty(names);
            foreach (Core.OptionName name in names)
            {
                Assert.True(parameters.Contains(name.Parameter), "No cmdlet has -" + name.Parameter);
                Assert.Equal("-" + name.Parameter, name.SpelledFor(Core.Aws.AwsParameterStyle.PowerShell));
                if (!Listed(CmdletOnly, "*", name.Parameter))
                {
                    Assert.True(options.Contains("--" + name.CliOption), "No CLI command has --" + name.CliOption);
                }
            }
        }

        private static ISet<string> CliOptions(string cmdlet) =>
            new HashSet<string>(Commands[cmdlet]().Options.Select(o => o.Name).Where(name => name != "--help" && name != "-h" && name != "-?"), StringComparer.Ordinal);

        private static IEnumerable<ParameterName> CmdletParameters(string cmdlet)
        {
            Type type = ModuleMetadata.CmdletTypes.Single(t => ModuleMetadata.CmdletName(t) == cmdlet);
            return ModuleMetadata.Parameters(type)
                .Select(p => p.Property)
                .Distinct()
                .Select(property => new ParameterName(
                    property.Name,
                    property.CustomAttributes.Where(a => a.AttributeType == typeof(AliasAttribute))
                        .SelectMany(a => (IEnumerable<CustomAttributeTypedArgument>)a.ConstructorArguments[0].Value!)
                        .Select(a => (string)a.Value!)
                        .ToArray()));
        }

        private sealed class ParameterName
        {
            public ParameterName(string name, IReadOnlyList<string> aliases)
            {
                Name = name;
                Aliases = aliases;
            }

            public string Name { get; }

            public IReadOnlyList<string> Aliases { get; }
        }
    }
}
